-- The search index now keeps each body as written (snippets show it so): every node rebuilds
-- its index once, as after a `kyodo reindex`.
UPDATE instance SET search_rebuild_request = search_rebuild_request + 1 WHERE id = 1;
