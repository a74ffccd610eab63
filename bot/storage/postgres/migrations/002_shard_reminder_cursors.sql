-- Twin of SQLite's 020_shard_reminder_cursors.sql: each shard's reminder cursor (issue 14).
CREATE TABLE reminder_shard_cursors (
    shard_count      BIGINT NOT NULL,
    shard_id         BIGINT NOT NULL,
    last_attempt_id  BIGINT NOT NULL,
    PRIMARY KEY (shard_count, shard_id)
);
