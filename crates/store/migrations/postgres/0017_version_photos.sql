-- Each version records the newest photo there was when it was saved, so a partner sees exactly the
-- photos of the version shared with them. (Comparing upload and save times could not tell apart
-- a photo added in the same second as the version.)
ALTER TABLE proposal_versions ADD COLUMN photos_through BIGINT NOT NULL DEFAULT 0;
UPDATE proposal_versions SET photos_through = COALESCE((
    SELECT MAX(p.id) FROM proposal_photos p
    WHERE p.proposal_id = proposal_versions.proposal_id AND p.created_at <= proposal_versions.created_at
), 0);
