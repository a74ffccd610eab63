-- Live rounds (/round): a round per channel at a time, its questions, who joined which team, and each
-- member's one answer per question, all in the database so a restarted bot resumes the round.
--
-- Round answers are attempts like any other, with source 'round'. SQLite can't change a CHECK constraint
-- in place, so `attempts` is rebuilt with the new source allowed: same columns in the same order (with
-- 007's deck_guild and appealed_at), every row copied with its id, and the three indexes recreated. No
-- table references attempts by a foreign key and no trigger is defined on it.

CREATE TABLE attempts_009 (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES members (user_id),
    guild_id        INTEGER,                 -- NULL: a DM (no server streak, no leaderboard)
    deck_id         TEXT NOT NULL,
    card_id         TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('flashcard', 'choice', 'open')),
    level           TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('drill', 'scheduled', 'review', 'poll', 'round')),
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
    answered_at     INTEGER NOT NULL,
    deck_guild      INTEGER NOT NULL DEFAULT 0,
    appealed_at     INTEGER
);
INSERT INTO attempts_009 (id, user_id, guild_id, deck_id, card_id, kind, level, source, question_key, choice,
                          answer_text, rating, correct, concepts_hit, concepts_total, points, self_credited,
                          study_day, guild_day, answered_at, deck_guild, appealed_at)
SELECT id, user_id, guild_id, deck_id, card_id, kind, level, source, question_key, choice,
       answer_text, rating, correct, concepts_hit, concepts_total, points, self_credited,
       study_day, guild_day, answered_at, deck_guild, appealed_at
  FROM attempts;
DROP TABLE attempts;
ALTER TABLE attempts_009 RENAME TO attempts;
CREATE UNIQUE INDEX attempts_once_per_question ON attempts (user_id, question_key)
    WHERE question_key IS NOT NULL;
CREATE INDEX attempts_by_member ON attempts (user_id, guild_id, study_day);
CREATE INDEX attempts_self_credited ON attempts (deck_id) WHERE self_credited = 1;

-- Who may start and stop rounds in a server (NULL or no row: members with Manage Server).
CREATE TABLE round_settings (
    guild_id  INTEGER PRIMARY KEY,
    role_id   INTEGER
);

CREATE TABLE rounds (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    channel_id      INTEGER NOT NULL,
    started_by      INTEGER,                      -- who started it (cleared when they delete their data)
    deck_guild      INTEGER NOT NULL DEFAULT 0,   -- the deck's owner (0: built-in)
    deck_id         TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('choice', 'flashcard', 'open', 'mixed')),
    level           TEXT,
    seconds         INTEGER NOT NULL CHECK (seconds BETWEEN 10 AND 120),
    teams           INTEGER NOT NULL DEFAULT 0 CHECK (teams IN (0, 2, 3, 4)),
    state           TEXT NOT NULL CHECK (state IN ('joining', 'running', 'finished', 'stopped')),
    current         INTEGER NOT NULL DEFAULT -1,  -- the position of the question being asked (-1: none yet)
    created_at      INTEGER NOT NULL,
    join_ends_at    INTEGER,                      -- with teams: the end of the join phase
    join_message_id INTEGER,
    ended_at        INTEGER,
    final_claimed   INTEGER NOT NULL DEFAULT 0,   -- the final message is being (or was) sent
    final_message_id INTEGER
);
-- One round per channel at a time, held against races by the database itself.
CREATE UNIQUE INDEX rounds_one_per_channel ON rounds (channel_id) WHERE state IN ('joining', 'running');
CREATE INDEX rounds_by_guild ON rounds (guild_id, id);

CREATE TABLE round_questions (
    round_id      INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,               -- 0-based
    card_id       TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('flashcard', 'choice', 'open')),
    option_order  TEXT,                           -- choice: the shown order of the deck's options, '2,0,1'
    opens_at      INTEGER,                        -- set when its post is claimed (once)
    deadline      INTEGER,
    message_id    INTEGER,                        -- the public message, once sent
    closed_at     INTEGER,                        -- set once: answers after it are refused
    close_shown   INTEGER NOT NULL DEFAULT 0,     -- the close's one edit was made
    PRIMARY KEY (round_id, position)
) WITHOUT ROWID;

CREATE TABLE round_players (
    round_id   INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    team       INTEGER NOT NULL DEFAULT 0,        -- 0: no teams (then a player is whoever answered)
    joined_at  INTEGER NOT NULL,
    name       TEXT NOT NULL DEFAULT '',          -- the display name when they joined or first answered
    PRIMARY KEY (round_id, user_id)
) WITHOUT ROWID;

CREATE TABLE round_answers (
    round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    attempt_id   INTEGER NOT NULL,
    correct      INTEGER NOT NULL,
    points       INTEGER NOT NULL,                -- the round's points (bot.core.rounds), not the attempt's
    answered_at  INTEGER NOT NULL,
    PRIMARY KEY (round_id, position, user_id)
) WITHOUT ROWID;
CREATE INDEX round_answers_by_member ON round_answers (round_id, user_id);
