-- What a token may do and until when. Tokens issued before this keep writing and never expire
-- (their owners made them for that); new ones always expire (see kyodo_domain::account).
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write'));
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
