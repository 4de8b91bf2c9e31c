-- 支援センターへの相談: a group asks its support centre for help (a partner search, a proposal);
-- the centre's coordinators and the group's members write back and forth; either side closes it.
CREATE TABLE centre_requests (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    centre_id       INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    topic           TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
    created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX centre_requests_organization ON centre_requests(organization_id, id);
CREATE INDEX centre_requests_centre ON centre_requests(centre_id, status, id);

CREATE TABLE centre_request_messages (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES centre_requests(id) ON DELETE CASCADE,
    author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    -- 'group' or 'centre': which side wrote it.
    side       TEXT NOT NULL CHECK (side IN ('group', 'centre')),
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX centre_request_messages_request ON centre_request_messages(request_id, id);
