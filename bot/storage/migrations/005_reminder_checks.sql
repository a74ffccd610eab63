-- Reminders are looked at when something can have changed, not on every pass: each opted-in member
-- has the instant of their next check (a card falling due, the streak-risk window opening, their next
-- study day; 0 = at the next pass), found by an index range scan. Members who answered anything since
-- the previous pass are looked at too: the pass remembers the last attempt id it has seen.
ALTER TABLE reminders ADD COLUMN next_check_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX reminders_next_check ON reminders (next_check_at) WHERE enabled = 1;

CREATE TABLE reminder_cursor (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    last_attempt_id  INTEGER NOT NULL
);
