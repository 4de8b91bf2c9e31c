-- Registry: full profiles, disclosure inputs, verification, claims, members' invitations,
-- the e-mail outbox, private worksheets and partner notes, logos.

ALTER TABLE organizations ADD COLUMN social_links TEXT NOT NULL DEFAULT '[]';
ALTER TABLE organizations ADD COLUMN open_types TEXT NOT NULL DEFAULT '[]';
ALTER TABLE organizations ADD COLUMN csr_department TEXT;
-- Set for NPO法人 dissolved according to the registry: kept for history, hidden from search.
ALTER TABLE organizations ADD COLUMN dissolved_on TEXT;
-- Where the record came from: 'web', 'interchange', 'npo_portal'. Imported ones can be claimed.
ALTER TABLE organizations ADD COLUMN source TEXT NOT NULL DEFAULT 'web';

CREATE TABLE organization_logos (
    organization_id INTEGER PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
    content_type    TEXT NOT NULL,
    bytes           BLOB NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- 協働実績: past collaborations, free entries.
CREATE TABLE track_records (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    partners        TEXT,
    year            INTEGER,
    description     TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX track_records_organization ON track_records(organization_id);

-- Verification history: declarations by the group, decisions by coordinators. Never updated.
CREATE TABLE verification_events (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('declared', 'verified', 'rejected', 'revoked')),
    user_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
    note            TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX verification_events_organization ON verification_events(organization_id, id);

CREATE TABLE claims (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    decided_at      INTEGER,
    created_at      INTEGER NOT NULL
);
CREATE INDEX claims_status ON claims(status, id);

CREATE TABLE invitations (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    token_hash      TEXT NOT NULL UNIQUE,
    invited_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    accepted_at     INTEGER,
    accepted_by     INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX invitations_organization ON invitations(organization_id);

-- Mail that kyodo sends. Without SMTP configured it stays here, visible to its sender: no silent loss.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    to_email    TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    last_error  TEXT
);

-- 「自分たちを知る」: one private worksheet per organisation.
CREATE TABLE worksheets (
    organization_id INTEGER PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
    mission         TEXT,
    characteristics TEXT,
    strengths       TEXT,
    weaknesses      TEXT,
    can_offer       TEXT,
    challenges      TEXT NOT NULL DEFAULT '{}',
    updated_at      INTEGER NOT NULL,
    updated_by      INTEGER REFERENCES users(id) ON DELETE SET NULL
);

-- 「相手を知る」: private notes of one organisation about a prospective partner.
CREATE TABLE partner_notes (
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    partner_id      INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    culture         TEXT,
    understanding   TEXT,
    wants           TEXT,
    other           TEXT,
    updated_at      INTEGER NOT NULL,
    updated_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (organization_id, partner_id)
);

CREATE INDEX listings_board ON listings(status, direction, id);
