-- The public summary of an evaluation, and each party's agreement to publish it: an agreement
-- holds the digest of the words it was given to, so a change takes the summary down until every
-- party agrees again.
CREATE TABLE evaluation_summaries (
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    milestone        TEXT NOT NULL,
    headline         TEXT NOT NULL,
    body             TEXT NOT NULL,
    digest           TEXT NOT NULL,
    updated_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at       INTEGER NOT NULL,
    PRIMARY KEY (collaboration_id, milestone)
);

CREATE TABLE evaluation_summary_consents (
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    milestone        TEXT NOT NULL,
    organization_id  INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    digest           TEXT NOT NULL,
    user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
    consented_at     INTEGER NOT NULL,
    PRIMARY KEY (collaboration_id, milestone, organization_id)
);
