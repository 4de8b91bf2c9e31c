-- The latest computed statistics (県民活動白書's indicators from kyodo's records), already
-- suppressed: one row, replaced whole by the hourly job. Pages and files read it; none compute.
CREATE TABLE statistics_snapshots (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    computed_at BIGINT NOT NULL,
    content     TEXT NOT NULL
);
