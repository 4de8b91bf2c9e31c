-- A share may follow the proposal: each version saved after it is shared too, until the author
-- stops it. Shares made before this were "up to version N" and stay so.
ALTER TABLE proposal_shares ADD COLUMN follows BIGINT NOT NULL DEFAULT 0;
