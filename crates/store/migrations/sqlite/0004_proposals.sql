-- Planning (the guide's Actions I and II): collaboration themes with their plan outline, and
-- proposals (企画書). Every save of a proposal is a new version holding the whole content as JSON,
-- so a version is written whole or not at all and is never changed afterwards.

CREATE TABLE themes (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    content         TEXT NOT NULL,
    -- Where the theme started, if from a listing of this organisation or a matching result.
    source_listing_id INTEGER REFERENCES listings(id) ON DELETE SET NULL,
    partner_id      INTEGER REFERENCES organizations(id) ON DELETE SET NULL,
    created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX themes_organization ON themes(organization_id);

CREATE TABLE proposals (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    theme_id        INTEGER REFERENCES themes(id) ON DELETE SET NULL,
    -- The partner in mind (optional until shared).
    partner_id      INTEGER REFERENCES organizations(id) ON DELETE SET NULL,
    title           TEXT NOT NULL,
    latest_version  INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX proposals_organization ON proposals(organization_id, updated_at);

CREATE TABLE proposal_versions (
    proposal_id     INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    content         TEXT NOT NULL,
    -- What the author says changed (改訂メモ).
    note            TEXT,
    author_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, version)
);

-- A partner organisation may read versions up to `version` and comment on them, until revoked.
CREATE TABLE proposal_shares (
    proposal_id     INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    shared_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    shared_at       INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, organization_id)
);
CREATE INDEX proposal_shares_organization ON proposal_shares(organization_id);

CREATE TABLE proposal_comments (
    id              INTEGER PRIMARY KEY,
    proposal_id     INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    section         TEXT NOT NULL,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    author_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX proposal_comments_proposal ON proposal_comments(proposal_id, version, id);
