-- Live rounds ask cloze gaps too (kind 'cloze', and 'mixed' deals them): `rounds.kind` and
-- `round_questions.kind` allow it. A question's card_id is then the gap's id, the card id plus ':c<n>'.
--
-- SQLite can't change a CHECK constraint in place, so the four round tables are rebuilt with the same
-- columns in the same order and every row copied. Foreign keys are on during migrations, and dropping
-- `rounds` would cascade into its children: the new children are made first, pointing at the new parent,
-- the old children dropped before the old parent, and the renames carry the references along.

CREATE TABLE rounds_012 (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    channel_id      INTEGER NOT NULL,
    started_by      INTEGER,                      -- who started it (cleared when they delete their data)
    deck_guild      INTEGER NOT NULL DEFAULT 0,   -- the deck's owner (0: built-in)
    deck_id         TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('choice', 'flashcard', 'open', 'cloze', 'mixed')),
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
INSERT INTO rounds_012 (id, guild_id, channel_id, started_by, deck_guild, deck_id, kind, level, seconds, teams, state,
                        current, created_at, join_ends_at, join_message_id, ended_at, final_claimed, final_message_id)
SELECT id, guild_id, channel_id, started_by, deck_guild, deck_id, kind, level, seconds, teams, state,
       current, created_at, join_ends_at, join_message_id, ended_at, final_claimed, final_message_id
  FROM rounds;

CREATE TABLE round_questions_012 (
    round_id      INTEGER NOT NULL REFERENCES rounds_012 (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,               -- 0-based
    card_id       TEXT NOT NULL,                  -- a cloze gap: the card id plus ':c<n>'
    kind          TEXT NOT NULL CHECK (kind IN ('flashcard', 'choice', 'open', 'cloze')),
    option_order  TEXT,                           -- choice: the shown order of the deck's options, '2,0,1'
    opens_at      INTEGER,                        -- set when its post is claimed (once)
    deadline      INTEGER,
    message_id    INTEGER,                        -- the public message, once sent
    closed_at     INTEGER,                        -- set once: answers after it are refused
    close_shown   INTEGER NOT NULL DEFAULT 0,     -- the close's one edit was made
    PRIMARY KEY (round_id, position)
) WITHOUT ROWID;
INSERT INTO round_questions_012 (round_id, position, card_id, kind, option_order, opens_at, deadline, message_id,
                                 closed_at, close_shown)
SELECT round_id, position, card_id, kind, option_order, opens_at, deadline, message_id, closed_at, close_shown
  FROM round_questions;

CREATE TABLE round_players_012 (
    round_id   INTEGER NOT NULL REFERENCES rounds_012 (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    team       INTEGER NOT NULL DEFAULT 0,        -- 0: no teams (then a player is whoever answered)
    joined_at  INTEGER NOT NULL,
    name       TEXT NOT NULL DEFAULT '',          -- the display name when they joined or first answered
    PRIMARY KEY (round_id, user_id)
) WITHOUT ROWID;
INSERT INTO round_players_012 (round_id, user_id, team, joined_at, name)
SELECT round_id, user_id, team, joined_at, name FROM round_players;

CREATE TABLE round_answers_012 (
    round_id     INTEGER NOT NULL REFERENCES rounds_012 (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    attempt_id   INTEGER NOT NULL,
    correct      INTEGER NOT NULL,
    points       INTEGER NOT NULL,                -- the round's points (bot.core.rounds), not the attempt's
    answered_at  INTEGER NOT NULL,
    PRIMARY KEY (round_id, position, user_id)
) WITHOUT ROWID;
INSERT INTO round_answers_012 (round_id, position, user_id, attempt_id, correct, points, answered_at)
SELECT round_id, position, user_id, attempt_id, correct, points, answered_at FROM round_answers;

DROP TABLE round_answers;
DROP TABLE round_players;
DROP TABLE round_questions;
DROP TABLE rounds;
ALTER TABLE rounds_012 RENAME TO rounds;
ALTER TABLE round_questions_012 RENAME TO round_questions;
ALTER TABLE round_players_012 RENAME TO round_players;
ALTER TABLE round_answers_012 RENAME TO round_answers;

CREATE UNIQUE INDEX rounds_one_per_channel ON rounds (channel_id) WHERE state IN ('joining', 'running');
CREATE INDEX rounds_by_guild ON rounds (guild_id, id);
CREATE INDEX round_answers_by_member ON round_answers (round_id, user_id);
