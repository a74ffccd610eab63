-- Scheduled questions, native polls, server decks, admin notices and reminders.
-- Times are integer ms since the epoch (UTC); local dates are date.toordinal() of the schedule's zone.

CREATE TABLE schedules (
    id                INTEGER PRIMARY KEY,
    guild_id          INTEGER NOT NULL,
    channel_id        INTEGER NOT NULL,
    deck_id           TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('flashcard', 'choice', 'poll', 'open', 'mixed')),
    level             TEXT,
    time_text         TEXT NOT NULL,           -- canonical HH:MM
    timezone          TEXT NOT NULL,           -- canonical IANA name
    days_text         TEXT NOT NULL,           -- canonical: daily | weekdays | mon,wed,fri
    grace_hours       INTEGER NOT NULL,
    poll_hours        INTEGER NOT NULL,
    paused            INTEGER NOT NULL DEFAULT 0,
    pause_reason      TEXT,                    -- why the bot paused it itself (channel gone, no permission)
    active_since      INTEGER NOT NULL,        -- created or last resumed: slots due before are not posted
    next_check_at     INTEGER NOT NULL DEFAULT 0,  -- 0: decide at the next tick
    checked_at        INTEGER NOT NULL DEFAULT 0,  -- wall time of the last decision
    reported_through  INTEGER,                 -- latest local date already logged as missed
    cycle             INTEGER NOT NULL DEFAULT 1,
    created_by        INTEGER,
    created_at        INTEGER NOT NULL
);
-- A tick reads `next_check_at <= now` and `checked_at > now` (a clock that came back): both indexed.
CREATE INDEX schedules_due ON schedules (paused, next_check_at);
CREATE INDEX schedules_checked ON schedules (paused, checked_at);
CREATE INDEX schedules_by_guild ON schedules (guild_id);

-- One row per post. A scheduled post claims its slot (schedule, local date) atomically; a manual post
-- (/schedule post-now) has no local date and claims nothing. The row is the intent; message_id is
-- filled in once the message exists.
CREATE TABLE schedule_posts (
    id               INTEGER PRIMARY KEY,
    schedule_id      INTEGER NOT NULL,
    guild_id         INTEGER NOT NULL,
    channel_id       INTEGER NOT NULL,
    local_date       INTEGER,
    cycle            INTEGER NOT NULL,
    deck_id          TEXT NOT NULL,
    card_id          TEXT NOT NULL,
    form             TEXT NOT NULL CHECK (form IN ('flashcard', 'choice', 'poll', 'open')),
    late             INTEGER NOT NULL DEFAULT 0,
    claimed_at       INTEGER NOT NULL,
    message_id       INTEGER,
    sent_at          INTEGER,
    failure          TEXT,                     -- set when the post could not be sent (and never will be)
    poll_closes_at   INTEGER,                  -- polls: when Discord closes it
    poll_ended_at    INTEGER,                  -- polls: when the bot saw it closed and took the final votes
    reveal_claimed   INTEGER NOT NULL DEFAULT 0,
    reveal_message_id INTEGER
);
CREATE UNIQUE INDEX schedule_posts_slot ON schedule_posts (schedule_id, local_date)
    WHERE local_date IS NOT NULL;
CREATE INDEX schedule_posts_cycle ON schedule_posts (schedule_id, cycle);
CREATE INDEX schedule_posts_unsent ON schedule_posts (message_id) WHERE message_id IS NULL AND failure IS NULL;
CREATE INDEX schedule_posts_by_message ON schedule_posts (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX schedule_posts_open_polls ON schedule_posts (poll_closes_at)
    WHERE form = 'poll' AND reveal_claimed = 0;

-- Votes seen as they arrive; replaced by the final voters from the API when the poll ends.
CREATE TABLE poll_votes (
    post_id    INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    answer_id  INTEGER NOT NULL,
    voted_at   INTEGER NOT NULL,               -- when the vote was first seen (its study day)
    PRIMARY KEY (post_id, user_id, answer_id)
) WITHOUT ROWID;

-- Decks uploaded by a server's admins (the YAML text as uploaded; parsed again at start).
CREATE TABLE guild_decks (
    deck_id      TEXT PRIMARY KEY,             -- unique across servers: card history is keyed by deck id
    guild_id     INTEGER NOT NULL,
    source_text  TEXT NOT NULL,
    uploaded_by  INTEGER,
    uploaded_at  INTEGER NOT NULL
);
CREATE INDEX guild_decks_by_guild ON guild_decks (guild_id);

-- Built-in decks a server chose to hide.
CREATE TABLE guild_disabled_decks (
    guild_id  INTEGER NOT NULL,
    deck_id   TEXT NOT NULL,
    PRIMARY KEY (guild_id, deck_id)
) WITHOUT ROWID;

-- Things the admins must hear once (deck exhausted, schedule paused because the channel is gone).
CREATE TABLE admin_notices (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    notice_key    TEXT NOT NULL,               -- e.g. 'exhausted:12:3' or 'paused:12:1700000000000'
    text          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    announced     INTEGER NOT NULL DEFAULT 0,  -- the system channel was tried (once)
    delivered_at  INTEGER                      -- the admins saw it (system channel or /schedule list)
);
CREATE UNIQUE INDEX admin_notices_once ON admin_notices (guild_id, notice_key);
CREATE INDEX admin_notices_pending ON admin_notices (guild_id) WHERE delivered_at IS NULL;
CREATE INDEX admin_notices_unannounced ON admin_notices (id) WHERE announced = 0;

-- An admin's decision on an "I think I was right" appeal.
CREATE TABLE appeal_reviews (
    attempt_id   INTEGER PRIMARY KEY,
    verdict      TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
    reviewed_by  INTEGER NOT NULL,
    reviewed_at  INTEGER NOT NULL
);
CREATE INDEX attempts_self_credited ON attempts (deck_id) WHERE self_credited = 1;

-- Opt-in daily reminders by DM.
CREATE TABLE reminders (
    user_id        INTEGER NOT NULL,
    guild_id       INTEGER NOT NULL,
    enabled        INTEGER NOT NULL DEFAULT 1,
    last_sent_day  INTEGER,                    -- the member's study day of the last reminder
    PRIMARY KEY (user_id, guild_id)
) WITHOUT ROWID;

-- Servers that got the welcome message (once, also across restarts and re-joins).
CREATE TABLE guild_welcomes (
    guild_id    INTEGER PRIMARY KEY,
    welcomed_at INTEGER NOT NULL
);
