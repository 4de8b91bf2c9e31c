-- Foundation: accounts, sessions, API tokens, organisations, memberships, listings, secrets.
-- Migrations are append-only: never edit a released file, add a new one.
-- Times are UTC unix seconds; flags are 0/1 integers (one code path for both backends).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'coordinator', 'admin')),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE organizations (
    id             INTEGER PRIMARY KEY,
    external_id    TEXT UNIQUE,
    kind           TEXT NOT NULL,
    name           TEXT NOT NULL,
    name_kana      TEXT,
    prefecture     TEXT NOT NULL DEFAULT '山口県',
    municipality   TEXT,
    address        TEXT,
    founded        TEXT,
    members        INTEGER,
    employees      INTEGER,
    representative TEXT,
    email          TEXT,
    phone          TEXT,
    website        TEXT,
    public_contact INTEGER NOT NULL DEFAULT 0,
    mission        TEXT,
    activities     TEXT,
    strengths      TEXT NOT NULL DEFAULT '[]',
    csr_policy     TEXT,
    fields         TEXT NOT NULL DEFAULT '[]',
    sdgs           TEXT NOT NULL DEFAULT '[]',
    awards         TEXT NOT NULL DEFAULT '[]',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX organizations_municipality ON organizations(municipality);

CREATE TABLE memberships (
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE listings (
    id              INTEGER PRIMARY KEY,
    external_id     TEXT UNIQUE,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    direction       TEXT NOT NULL CHECK (direction IN ('need', 'offer')),
    resources       TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT,
    municipality    TEXT,
    fields          TEXT NOT NULL DEFAULT '[]',
    sdgs            TEXT NOT NULL DEFAULT '[]',
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX listings_organization ON listings(organization_id);

CREATE TABLE app_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
