-- Each version keeps its own title, so what a partner sees (lists, notices, exports) can come
-- from the version shared with them, never from the author's newer, unshared draft.
ALTER TABLE proposal_versions ADD COLUMN title TEXT NOT NULL DEFAULT '';
UPDATE proposal_versions SET title = COALESCE(content::jsonb ->> 'title', '');
