-- Per-deck study settings of a server (issue 16, parts 5 and 6): the desired retention FSRS schedules
-- the deck's reviews at (/deck retention) and an exam the reviews are planned for (/deck exam). A row
-- belongs to the server that set it (guild_id) and names the deck by its owner (deck_guild: 0 for a
-- built-in deck, else the server that uploaded it) and id. Reviews made in that server use it; a review
-- in a DM uses the deck owner's row (bot/core/deck_study.py). A row with neither setting is deleted.
CREATE TABLE deck_study (
    guild_id        INTEGER NOT NULL,
    deck_guild      INTEGER NOT NULL,
    deck_id         TEXT NOT NULL,
    retention       REAL CHECK (retention IS NULL OR retention BETWEEN 0.80 AND 0.97),  -- NULL: 0.90
    exam_day        INTEGER,            -- the exam's local date (ordinal) in the server's time zone
    exam_at         INTEGER,            -- UTC ms: the start of the server's study day on exam_day
    exam_target     REAL CHECK (exam_target IS NULL OR exam_target BETWEEN 0.85 AND 0.97),
    exam_risk_days  REAL,               -- days per unit of stability at which recall falls to the target
    updated_at      INTEGER NOT NULL,
    CHECK ((exam_day IS NULL) = (exam_at IS NULL) AND (exam_at IS NULL) = (exam_target IS NULL)
           AND (exam_at IS NULL) = (exam_risk_days IS NULL)),
    PRIMARY KEY (guild_id, deck_guild, deck_id)
) WITHOUT ROWID;

-- Removing an upload (`/deck remove`) deletes its server's settings of it, as migration 008 does for the
-- overlay: a deck id freed and uploaded again starts with the defaults.
CREATE TRIGGER deck_study_follows_removed_upload AFTER DELETE ON guild_decks
BEGIN
    DELETE FROM deck_study WHERE guild_id = OLD.guild_id AND deck_guild = OLD.guild_id AND deck_id = OLD.deck_id;
END;
