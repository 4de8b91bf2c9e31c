-- A party invites a coordinator by address; the coordinator joins by accepting. Until then the
-- invitation is only an address, whoever it belongs to, so inviting tells nobody who is staff.
CREATE TABLE coordinator_invitations (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    email            TEXT NOT NULL,
    invited_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    UNIQUE (collaboration_id, email)
);
CREATE INDEX coordinator_invitations_email ON coordinator_invitations(email);
