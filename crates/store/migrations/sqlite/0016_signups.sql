-- Sign-ups waiting for their address to be confirmed: the account exists only once the mailed link
-- is opened, so the sign-up form answers the same for every address. Only the hash of the link's
-- secret is kept; the password is kept only as its argon2id hash.
CREATE TABLE signups (
    id             INTEGER PRIMARY KEY,
    token_hash     TEXT NOT NULL UNIQUE,
    email          TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    next_path      TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL
);
CREATE INDEX signups_email ON signups(email);
