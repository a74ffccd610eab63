-- Uploaded decks belong to their server: a deck is keyed by (owner, deck id), where the owner is the
-- server that uploaded it and 0 means a built-in deck. Two servers may now each upload `shared`, and a
-- deck id freed by `/deck remove` no longer lets another server's upload inherit its history.
--
-- What is stored per card of a deck carries the owner next to the deck id: attempts (`deck_guild`),
-- review state, concept tallies and drill rounds (rebuilt: the owner joins their primary keys). Concept
-- tallies also record where the answers were given (`guild_id`, 0 for DMs), so a server's /stats shows
-- only what was done there. Schedules, their posts, polls and appeals already name their server, which is
-- the only place their deck id can be read (its own upload, else a built-in deck).
--
-- Existing rows are filled from what the database knows. Deck ids were unique across servers until now
-- and no upload may take a built-in deck's id, so an attempt made in a server on a deck id that some
-- server has uploaded was made on that server's own upload. A DM answer (a /review of a server's deck)
-- belongs to the server of the member's latest earlier answer to that card in a server, else to the
-- deck's current uploader. Derived rows (review state, concept tallies) follow the member's latest answer
-- to their card. Rows of decks removed before this migration can't be told from built-in decks and keep
-- owner 0: they match no deck (their removed deck is gone) unless a built-in deck later takes that id.
--
-- Appeals: `appealed_at` records the one appeal an attempt may ever have (NULL: never appealed). Appeals
-- made before this migration are dated with the answer's own time.

ALTER TABLE attempts ADD COLUMN deck_guild INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN appealed_at INTEGER;

-- Only for this migration: finds a member's latest answer to a card without scanning their history.
CREATE INDEX migration_007_latest ON attempts (user_id, deck_id, card_id, id);

UPDATE attempts SET deck_guild = guild_id
 WHERE guild_id IS NOT NULL AND deck_id IN (SELECT deck_id FROM guild_decks);

UPDATE attempts SET deck_guild = COALESCE(
        (SELECT earlier.deck_guild FROM attempts earlier
          WHERE earlier.user_id = attempts.user_id AND earlier.deck_id = attempts.deck_id
            AND earlier.card_id = attempts.card_id AND earlier.guild_id IS NOT NULL AND earlier.id < attempts.id
          ORDER BY earlier.id DESC LIMIT 1),
        (SELECT uploaded.guild_id FROM guild_decks uploaded WHERE uploaded.deck_id = attempts.deck_id),
        0)
 WHERE guild_id IS NULL AND deck_id IN (SELECT deck_id FROM guild_decks);

UPDATE attempts SET appealed_at = answered_at
 WHERE self_credited = 1 OR id IN (SELECT attempt_id FROM appeal_reviews);

-- Review state: the owner of the deck of the member's latest answer to the card.
CREATE TABLE srs_cards_007 (
    user_id      INTEGER NOT NULL,
    deck_guild   INTEGER NOT NULL DEFAULT 0,   -- 0: a built-in deck; else the server that uploaded it
    deck_id      TEXT NOT NULL,
    card_id      TEXT NOT NULL,
    state        INTEGER NOT NULL,
    step         INTEGER,
    stability    REAL,
    difficulty   REAL,
    due          INTEGER NOT NULL,
    last_review  INTEGER,
    PRIMARY KEY (user_id, deck_guild, deck_id, card_id)
) WITHOUT ROWID;
INSERT INTO srs_cards_007 (user_id, deck_guild, deck_id, card_id, state, step, stability, difficulty, due, last_review)
SELECT s.user_id,
       CASE WHEN s.deck_id IN (SELECT deck_id FROM guild_decks) THEN COALESCE(
            (SELECT a.deck_guild FROM attempts a
              WHERE a.user_id = s.user_id AND a.deck_id = s.deck_id AND a.card_id = s.card_id
              ORDER BY a.id DESC LIMIT 1),
            (SELECT g.guild_id FROM guild_decks g WHERE g.deck_id = s.deck_id), 0)
       ELSE 0 END,
       s.deck_id, s.card_id, s.state, s.step, s.stability, s.difficulty, s.due, s.last_review
  FROM srs_cards s;
DROP TABLE srs_cards;
ALTER TABLE srs_cards_007 RENAME TO srs_cards;
CREATE INDEX srs_cards_due ON srs_cards (user_id, due);

-- Concept tallies: where the member's latest answer to the card was given, and its deck's owner.
CREATE TABLE concept_stats_007 (
    user_id     INTEGER NOT NULL,
    guild_id    INTEGER NOT NULL DEFAULT 0,    -- where the answers were given (0: in DMs)
    deck_guild  INTEGER NOT NULL DEFAULT 0,    -- 0: a built-in deck; else the server that uploaded it
    deck_id     TEXT NOT NULL,
    card_id     TEXT NOT NULL,
    concept     TEXT NOT NULL,
    seen        INTEGER NOT NULL DEFAULT 0,
    missed      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, guild_id, deck_guild, deck_id, card_id, concept)
) WITHOUT ROWID;
INSERT INTO concept_stats_007 (user_id, guild_id, deck_guild, deck_id, card_id, concept, seen, missed)
SELECT c.user_id,
       COALESCE((SELECT a.guild_id FROM attempts a
                  WHERE a.user_id = c.user_id AND a.deck_id = c.deck_id AND a.card_id = c.card_id
                  ORDER BY a.id DESC LIMIT 1), 0),
       CASE WHEN c.deck_id IN (SELECT deck_id FROM guild_decks) THEN COALESCE(
            (SELECT a.deck_guild FROM attempts a
              WHERE a.user_id = c.user_id AND a.deck_id = c.deck_id AND a.card_id = c.card_id
              ORDER BY a.id DESC LIMIT 1),
            (SELECT g.guild_id FROM guild_decks g WHERE g.deck_id = c.deck_id), 0)
       ELSE 0 END,
       c.deck_id, c.card_id, c.concept, c.seen, c.missed
  FROM concept_stats c;
DROP TABLE concept_stats;
ALTER TABLE concept_stats_007 RENAME TO concept_stats;

-- Drill rounds: a served card of an uploaded deck belongs to its current uploader.
CREATE TABLE drill_served_007 (
    user_id     INTEGER NOT NULL,
    scope       TEXT NOT NULL,
    deck_guild  INTEGER NOT NULL DEFAULT 0,
    deck_id     TEXT NOT NULL,
    card_id     TEXT NOT NULL,
    served_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, scope, deck_guild, deck_id, card_id)
) WITHOUT ROWID;
INSERT INTO drill_served_007 (user_id, scope, deck_guild, deck_id, card_id, served_at)
SELECT d.user_id, d.scope, COALESCE((SELECT g.guild_id FROM guild_decks g WHERE g.deck_id = d.deck_id), 0),
       d.deck_id, d.card_id, d.served_at
  FROM drill_served d;
DROP TABLE drill_served;
ALTER TABLE drill_served_007 RENAME TO drill_served;

DROP INDEX migration_007_latest;

-- Uploaded decks: one namespace per server (built-in ids stay reserved, checked by the services).
CREATE TABLE guild_decks_007 (
    guild_id     INTEGER NOT NULL,
    deck_id      TEXT NOT NULL,
    source_text  TEXT NOT NULL,
    uploaded_by  INTEGER,
    uploaded_at  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, deck_id)
);
INSERT INTO guild_decks_007 (guild_id, deck_id, source_text, uploaded_by, uploaded_at)
SELECT guild_id, deck_id, source_text, uploaded_by, uploaded_at FROM guild_decks;
DROP TABLE guild_decks;
ALTER TABLE guild_decks_007 RENAME TO guild_decks;
