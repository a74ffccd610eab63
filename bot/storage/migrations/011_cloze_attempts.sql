-- Cloze cards (kind: cloze): each gap is answered as its own card (card id `card:c<n>`), revealed and
-- rated like a flashcard or typed and graded, and stored as an attempt of kind 'cloze'.
--
-- SQLite can't change a CHECK constraint in place, so `attempts` is rebuilt as 009 rebuilt it, with the
-- new kind allowed: same columns in the same order, every row copied with its id, the three indexes
-- recreated. No table references attempts by a foreign key and no trigger is defined on it.

CREATE TABLE attempts_011 (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES members (user_id),
    guild_id        INTEGER,                 -- NULL: a DM (no server streak, no leaderboard)
    deck_id         TEXT NOT NULL,
    card_id         TEXT NOT NULL,           -- a cloze gap: the card id plus ':c<n>'
    kind            TEXT NOT NULL CHECK (kind IN ('flashcard', 'choice', 'open', 'cloze')),
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
INSERT INTO attempts_011 (id, user_id, guild_id, deck_id, card_id, kind, level, source, question_key, choice,
                          answer_text, rating, correct, concepts_hit, concepts_total, points, self_credited,
                          study_day, guild_day, answered_at, deck_guild, appealed_at)
SELECT id, user_id, guild_id, deck_id, card_id, kind, level, source, question_key, choice,
       answer_text, rating, correct, concepts_hit, concepts_total, points, self_credited,
       study_day, guild_day, answered_at, deck_guild, appealed_at
  FROM attempts;
DROP TABLE attempts;
ALTER TABLE attempts_011 RENAME TO attempts;
CREATE UNIQUE INDEX attempts_once_per_question ON attempts (user_id, question_key)
    WHERE question_key IS NOT NULL;
CREATE INDEX attempts_by_member ON attempts (user_id, guild_id, study_day);
CREATE INDEX attempts_self_credited ON attempts (deck_id) WHERE self_credited = 1;
