-- Photos for a proposal's ⑥ 実績 (activities, participants): checked images, kept with the
-- proposal (not per version: a photo is evidence, not wording).
CREATE TABLE proposal_photos (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    caption      TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX proposal_photos_proposal ON proposal_photos(proposal_id, id);
