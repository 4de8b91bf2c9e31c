-- 評価: a collaboration's evaluation sheet per milestone (事前・中間・事後), each party's own
-- assessment of it, the media coverage won, third parties' opinions and the outcomes with their
-- evidence. Sheets and assessments are JSON documents checked by the domain; the rest are rows.
CREATE TABLE evaluations (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    milestone        TEXT NOT NULL,
    content          TEXT NOT NULL,
    next_cycle       INTEGER,
    updated_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (collaboration_id, milestone)
);

-- Each party's own assessment at a milestone: a draft seen by its own members until submitted.
CREATE TABLE evaluation_assessments (
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    milestone       TEXT NOT NULL,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    content         TEXT NOT NULL,
    submitted_at    INTEGER,
    updated_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (collaboration_id, milestone, organization_id)
);

CREATE TABLE media_coverage (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    on_date          TEXT NOT NULL,
    title            TEXT NOT NULL,
    outlet           TEXT NOT NULL,
    medium           TEXT,
    url              TEXT NOT NULL,
    reach            INTEGER,
    tone             TEXT,
    release_id       INTEGER REFERENCES media_coverage(id) ON DELETE SET NULL,
    created_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX media_coverage_collaboration ON media_coverage(collaboration_id, on_date);

-- An opinion entered by a party, or asked of a third party by a link of their own (the link's
-- hash is kept; the opinion is empty until they write it).
CREATE TABLE third_party_opinions (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL,
    organization     TEXT NOT NULL,
    milestone        TEXT,
    written_on       TEXT,
    opinion          TEXT NOT NULL,
    email            TEXT,
    token_hash       TEXT UNIQUE,
    message          TEXT NOT NULL DEFAULT '',
    created_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    written_at       INTEGER
);
CREATE INDEX third_party_opinions_collaboration ON third_party_opinions(collaboration_id);

CREATE TABLE evaluation_outcomes (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    organization_id  INTEGER REFERENCES organizations(id) ON DELETE CASCADE,
    label            TEXT NOT NULL,
    from_guide       INTEGER NOT NULL,
    evidence_kind    TEXT,
    evidence_id      INTEGER,
    note             TEXT NOT NULL,
    created_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX evaluation_outcomes_collaboration ON evaluation_outcomes(collaboration_id);
