-- A clipping of an article or broadcast (a scan or photo of the page), one per item: checked and
-- re-encoded on arrival like proposal photos, kept apart so that listing coverage never reads it.
CREATE TABLE media_clippings (
    media_id     INTEGER PRIMARY KEY REFERENCES media_coverage(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL
);
