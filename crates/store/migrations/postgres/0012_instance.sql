-- Who this database is, for what derives from it. `database_id` is written once, when the
-- database is created (a restore of a backup carries it; `kyodo restore` gives the restored copy a
-- new one); a search index records the id and log position it reflects and is rebuilt when either
-- disagrees. `search_rebuild_request` counts `kyodo reindex` requests made while a server holds
-- the index: each server's indexer rebuilds once per new request.

CREATE TABLE instance (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    database_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    search_rebuild_request BIGINT NOT NULL DEFAULT 0
);

INSERT INTO instance (id, database_id, created_at)
VALUES (1, md5(random()::text || clock_timestamp()::text), EXTRACT(EPOCH FROM now())::BIGINT);

-- Writing requests made with an Idempotency-Key (API) or a form's one-time key (pages): the
-- first answer is kept and replayed to a retry, so a retry never writes twice. `status` 0 means
-- the first request is still running.
CREATE TABLE idempotency_keys (
    -- Whose request: a hash of the credentials it came with (token or session), never the secret.
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status BIGINT NOT NULL DEFAULT 0,
    location TEXT,
    content_type TEXT,
    body BYTEA,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- The public board lists open listings newest first: read in that order, not sorted per request.
CREATE INDEX listings_recent ON listings (status, updated_at DESC, id DESC);
