-- The evaluation report's sign-offs, versioned like the agreement: a version is the report's
-- content as a party's owner signed it off (its JSON and digest). When the content changes, the
-- next sign-off makes a new version, and the earlier sign-offs stay with the version they were for.
CREATE TABLE evaluation_reports (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    milestone        TEXT NOT NULL,
    version          INTEGER NOT NULL,
    digest           TEXT NOT NULL,
    content          TEXT NOT NULL,
    created_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    UNIQUE (collaboration_id, milestone, version)
);

CREATE TABLE evaluation_signoffs (
    report_id       INTEGER NOT NULL REFERENCES evaluation_reports(id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
    signed_at       INTEGER NOT NULL,
    PRIMARY KEY (report_id, organization_id)
);
