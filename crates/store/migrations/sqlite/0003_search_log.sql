-- The search index's feed: every change to what is searchable is logged here by triggers, in the
-- same transaction as the change, whatever wrote it (web, API, `kyodo import`). Each search index
-- remembers how far it has read.

CREATE TABLE search_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL
);

CREATE TRIGGER search_log_org_insert AFTER INSERT ON organizations BEGIN
    INSERT INTO search_log (doc) VALUES ('o:' || NEW.id);
END;
CREATE TRIGGER search_log_org_update AFTER UPDATE ON organizations BEGIN
    INSERT INTO search_log (doc) VALUES ('o:' || NEW.id);
END;
CREATE TRIGGER search_log_org_delete AFTER DELETE ON organizations BEGIN
    INSERT INTO search_log (doc) VALUES ('o:' || OLD.id);
END;
CREATE TRIGGER search_log_listing_insert AFTER INSERT ON listings BEGIN
    INSERT INTO search_log (doc) VALUES ('l:' || NEW.id);
END;
CREATE TRIGGER search_log_listing_update AFTER UPDATE ON listings BEGIN
    INSERT INTO search_log (doc) VALUES ('l:' || NEW.id);
END;
CREATE TRIGGER search_log_listing_delete AFTER DELETE ON listings BEGIN
    INSERT INTO search_log (doc) VALUES ('l:' || OLD.id);
END;
CREATE TRIGGER search_log_verification AFTER INSERT ON verification_events BEGIN
    INSERT INTO search_log (doc) VALUES ('o:' || NEW.organization_id);
END;
