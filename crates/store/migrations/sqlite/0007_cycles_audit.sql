-- PDCA cycles of a joint project, and the audit log: who changed what and when, for
-- agreements, minutes and indicators (written in the same transaction as the change).

CREATE TABLE cycles (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    number           INTEGER NOT NULL,
    plan             TEXT NOT NULL,
    done             TEXT NOT NULL,
    check_result     TEXT NOT NULL,
    act              TEXT NOT NULL,
    updated_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (collaboration_id, number)
);

CREATE TABLE audit_events (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
    action           TEXT NOT NULL,
    detail           TEXT NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX audit_events_collaboration ON audit_events(collaboration_id, id);
