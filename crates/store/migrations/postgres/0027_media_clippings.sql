-- A clipping of an article or broadcast (a scan or photo of the page), one per item: checked and
-- re-encoded on arrival like proposal photos, kept apart so that listing coverage never reads it.
CREATE TABLE media_clippings (
    media_id     BIGINT PRIMARY KEY REFERENCES media_coverage(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    bytes        BYTEA NOT NULL,
    created_by   BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL
);
