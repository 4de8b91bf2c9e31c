-- A coordinator works for a support centre: the centre is named beside the role, so the groups
-- it verifies see who did. Every grant and withdrawal of a site role is kept in the site's audit
-- log, with who did it (none: the operator at the command line).
ALTER TABLE users ADD COLUMN centre_id INTEGER REFERENCES organizations(id) ON DELETE SET NULL;
CREATE TABLE site_audit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    subject_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
-- The centre the coordinator worked for when deciding, kept with the decision.
ALTER TABLE verification_events ADD COLUMN centre_id INTEGER REFERENCES organizations(id) ON DELETE SET NULL;
