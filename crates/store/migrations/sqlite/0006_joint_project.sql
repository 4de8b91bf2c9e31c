-- The agreement (versions, each confirmed by every party) and the joint project workspace:
-- meetings with minutes and action items, and indicators (KPIs) with progress entries.

CREATE TABLE agreements (
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    version          INTEGER NOT NULL,
    content          TEXT NOT NULL,
    created_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (collaboration_id, version)
);

CREATE TABLE agreement_confirmations (
    collaboration_id INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    organization_id  INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
    confirmed_at     INTEGER NOT NULL,
    PRIMARY KEY (collaboration_id, version, organization_id),
    FOREIGN KEY (collaboration_id, version) REFERENCES agreements(collaboration_id, version) ON DELETE CASCADE
);

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    starts_at        TEXT NOT NULL,
    place            TEXT NOT NULL,
    online_url       TEXT,
    purpose          TEXT NOT NULL,
    issues           TEXT NOT NULL,
    participants     TEXT NOT NULL,
    decisions        TEXT,
    discussion       TEXT,
    minutes_at       INTEGER,
    created_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX meetings_collaboration ON meetings(collaboration_id, starts_at);

CREATE TABLE minutes_approvals (
    meeting_id       INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    organization_id  INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
    approved_at      INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, organization_id)
);

CREATE TABLE action_items (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    meeting_id       INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    title            TEXT NOT NULL,
    owner_name       TEXT NOT NULL,
    organization_id  INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    due              TEXT NOT NULL,
    done_at          INTEGER,
    created_at       INTEGER NOT NULL
);
CREATE INDEX action_items_collaboration ON action_items(collaboration_id, due);
CREATE INDEX action_items_organization ON action_items(organization_id, done_at, due);

CREATE TABLE indicators (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    unit             TEXT NOT NULL,
    baseline         DOUBLE PRECISION NOT NULL,
    target           DOUBLE PRECISION NOT NULL,
    start_date       TEXT NOT NULL,
    due              TEXT NOT NULL,
    method           TEXT NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX indicators_collaboration ON indicators(collaboration_id);

CREATE TABLE indicator_entries (
    id               INTEGER PRIMARY KEY,
    indicator_id     INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    entry_date       TEXT NOT NULL,
    value            DOUBLE PRECISION NOT NULL,
    source           TEXT NOT NULL,
    user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX indicator_entries_indicator ON indicator_entries(indicator_id, entry_date);
