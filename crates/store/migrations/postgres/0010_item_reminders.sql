-- When the owner's organisation was last reminded of an action item's due date (once per item).
ALTER TABLE action_items ADD COLUMN reminded_at BIGINT;
