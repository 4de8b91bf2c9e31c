-- Collaborations (協働): the record that carries a partnership from theme to completion, its
-- parties, every stage change (who, when, why), and the approach log of Action III.

CREATE TABLE collaborations (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    theme_id        INTEGER REFERENCES themes(id) ON DELETE SET NULL,
    proposal_id     INTEGER REFERENCES proposals(id) ON DELETE SET NULL,
    stage           TEXT NOT NULL,
    created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE collaboration_parties (
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    organization_id  INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    -- 1 for the organisation that started it.
    lead             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (collaboration_id, organization_id)
);
CREATE INDEX collaboration_parties_organization ON collaboration_parties(organization_id);

CREATE TABLE collaboration_stage_events (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    from_stage       TEXT,
    to_stage         TEXT NOT NULL,
    reason           TEXT,
    user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX collaboration_stage_events_collaboration ON collaboration_stage_events(collaboration_id, id);

-- People met and the key person are personal data: shown to the parties' members only.
CREATE TABLE approach_contacts (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    organization_id  INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    contact_date     TEXT NOT NULL,
    channel          TEXT NOT NULL,
    people           TEXT NOT NULL,
    key_person       TEXT NOT NULL,
    said             TEXT NOT NULL,
    partner_opinion  TEXT NOT NULL,
    next_step        TEXT NOT NULL,
    next_due         TEXT,
    author_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX approach_contacts_collaboration ON approach_contacts(collaboration_id, contact_date);
