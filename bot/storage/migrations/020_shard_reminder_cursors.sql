-- Shard processes (issue 14): each one's reminder pass remembers, per shard it serves, the last attempt it
-- has seen. The one cursor of reminder_cursor would let one process move past answers of members that
-- another process must look at. Rows are keyed by the shard count too, so a change of count starts afresh.
CREATE TABLE reminder_shard_cursors (
    shard_count      INTEGER NOT NULL,
    shard_id         INTEGER NOT NULL,
    last_attempt_id  INTEGER NOT NULL,
    PRIMARY KEY (shard_count, shard_id)
);
