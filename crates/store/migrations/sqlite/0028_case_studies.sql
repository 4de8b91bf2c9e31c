-- A collaboration told as a case study (協働事例): its versions, each the content's JSON and its
-- digest, and each party's approval of one version. A case is public while every party of the
-- collaboration has approved its latest version and that version is not blocked (a key person
-- shown without consent); withdrawing deletes the approval, so it leaves the library at once.
CREATE TABLE case_studies (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL UNIQUE REFERENCES collaborations(id) ON DELETE CASCADE,
    latest_version   INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

CREATE TABLE case_study_versions (
    case_id    INTEGER NOT NULL REFERENCES case_studies(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    content    TEXT NOT NULL,
    digest     TEXT NOT NULL,
    blocked    INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, version)
);

CREATE TABLE case_study_approvals (
    case_id         INTEGER NOT NULL REFERENCES case_studies(id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    user_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
    approved_at     INTEGER NOT NULL,
    PRIMARY KEY (case_id, organization_id)
);
