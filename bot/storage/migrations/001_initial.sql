-- Recall's first schema. Times are integer milliseconds since the epoch (UTC); study days are
-- integer day numbers (Python's date.toordinal()). Plain SQL that PostgreSQL also accepts, apart from
-- WITHOUT ROWID (drop it there) and INTEGER PRIMARY KEY (BIGSERIAL / identity there).

CREATE TABLE guild_settings (
    guild_id        INTEGER PRIMARY KEY,
    timezone        TEXT NOT NULL DEFAULT 'UTC',
    day_start_hour  INTEGER NOT NULL DEFAULT 4 CHECK (day_start_hour BETWEEN 0 AND 23)
);

CREATE TABLE members (
    user_id              INTEGER PRIMARY KEY,
    timezone             TEXT,
    leaderboard_opt_out  INTEGER NOT NULL DEFAULT 0
);

-- The log every other table is derived from.
CREATE TABLE attempts (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES members (user_id),
    guild_id        INTEGER,                 -- NULL: a DM (no server streak, no leaderboard)
    deck_id         TEXT NOT NULL,
    card_id         TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('flashcard', 'choice', 'open')),
    level           TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('drill', 'scheduled', 'review', 'poll')),
    question_key    TEXT,                    -- e.g. the message id of a public question
    choice          INTEGER,
    answer_text     TEXT,
    rating          INTEGER,
    correct         INTEGER NOT NULL,
    concepts_hit    INTEGER,
    concepts_total  INTEGER,
    points          INTEGER NOT NULL,
    self_credited   INTEGER NOT NULL DEFAULT 0,
    study_day       INTEGER,                 -- in the member's timezone at the time (streaks)
    guild_day       INTEGER,                 -- in the server's timezone at the time (leaderboards)
    answered_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX attempts_once_per_question ON attempts (user_id, question_key)
    WHERE question_key IS NOT NULL;
CREATE INDEX attempts_by_member ON attempts (user_id, guild_id, study_day);

-- Summary rows, kept in the same transaction as each attempt (recomputable from attempts).
CREATE TABLE member_streaks (
    guild_id        INTEGER NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES members (user_id),
    current_streak  INTEGER NOT NULL DEFAULT 0,
    longest_streak  INTEGER NOT NULL DEFAULT 0,
    freezes         INTEGER NOT NULL DEFAULT 0,
    last_day        INTEGER,
    alive_until     INTEGER NOT NULL DEFAULT 0,   -- ms: the streak breaks at this instant without study
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;
CREATE INDEX member_streaks_rank ON member_streaks (guild_id, current_streak DESC);

CREATE TABLE study_days (
    guild_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    day       INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, day)
) WITHOUT ROWID;

CREATE TABLE freeze_days (
    guild_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    day       INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, day)
) WITHOUT ROWID;

CREATE TABLE period_scores (
    guild_id  INTEGER NOT NULL,
    period    TEXT NOT NULL CHECK (period IN ('week', 'month', 'all')),
    starts    INTEGER NOT NULL,             -- first study day of the period (0 for 'all')
    user_id   INTEGER NOT NULL,
    points    INTEGER NOT NULL DEFAULT 0,
    attempts  INTEGER NOT NULL DEFAULT 0,
    correct   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, period, starts, user_id)
) WITHOUT ROWID;
CREATE INDEX period_scores_points ON period_scores (guild_id, period, starts, points DESC);

CREATE TABLE srs_cards (
    user_id      INTEGER NOT NULL,
    deck_id      TEXT NOT NULL,
    card_id      TEXT NOT NULL,
    state        INTEGER NOT NULL,
    step         INTEGER,
    stability    REAL,
    difficulty   REAL,
    due          INTEGER NOT NULL,
    last_review  INTEGER,
    PRIMARY KEY (user_id, deck_id, card_id)
) WITHOUT ROWID;
CREATE INDEX srs_cards_due ON srs_cards (user_id, due);

CREATE TABLE concept_stats (
    user_id  INTEGER NOT NULL,
    deck_id  TEXT NOT NULL,
    card_id  TEXT NOT NULL,
    concept  TEXT NOT NULL,
    seen     INTEGER NOT NULL DEFAULT 0,
    missed   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, deck_id, card_id, concept)
) WITHOUT ROWID;

-- Drill rounds: cards served since the round began, so nothing repeats before the pool is exhausted.
CREATE TABLE drill_served (
    user_id    INTEGER NOT NULL,
    scope      TEXT NOT NULL,                -- the filters, e.g. 'deck=x|level=|kind=open'
    deck_id    TEXT NOT NULL,
    card_id    TEXT NOT NULL,
    served_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, scope, deck_id, card_id)
) WITHOUT ROWID;
