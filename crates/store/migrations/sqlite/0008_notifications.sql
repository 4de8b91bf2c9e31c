-- Notifications: in the app, and by e-mail through the outbox (sent when SMTP is configured).
-- Each person can turn each kind off, in the app or by e-mail.

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    link        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, read_at, id);

CREATE TABLE notification_settings (
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    in_app      INTEGER NOT NULL,
    email       INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind)
);
