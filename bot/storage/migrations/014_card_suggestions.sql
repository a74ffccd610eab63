-- Members suggest cards; a server's overlay of whole CARDS (issue 16, part 1).
--
-- `card_suggestions`: a member's suggested card for a deck their server sees, as typed in the form (JSON), until
-- a reviewer accepts or rejects it. `user_id` is the author, so their data deletion drops their suggestions and
-- their export lists them. Rejecting is one UPDATE from 'pending' (the reviewer whose UPDATE changed the row is
-- the one who sends the author's DM: a double click or two reviewers can't send two); `dm_state` records how
-- that DM went.
--
-- `overlay_cards`: whole cards in one server's copy of a deck, scoped exactly like migration 008's overlay
-- (`guild_id` the server, `deck_guild` the deck's owner: 0 built-in, else guild_id itself; `deck_id`).
-- `base` NULL: a card added (an accepted suggestion), shown whatever the deck holds. `base` set: an edit of the
-- deck's card of that id, made when the deck's card had that fingerprint; a re-upload that changes the card
-- makes the edit stale (the deck's new card is shown). `authored_by`/`author_name` credit a suggestion's author;
-- their data deletion clears `authored_by` (every nullable `*_by` column is) and the trigger below the name.
-- Removing an upload (`/deck remove`) deletes its server's overlay cards and pending suggestions of it.

CREATE TABLE card_suggestions (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    deck_guild   INTEGER NOT NULL,
    deck_id      TEXT NOT NULL,
    user_id      INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('flashcard', 'choice', 'open')),
    fields       TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    reason       TEXT,
    card_id      TEXT,
    reviewed_by  INTEGER,
    created_at   INTEGER NOT NULL,
    reviewed_at  INTEGER,
    dm_state     TEXT CHECK (dm_state IN ('claimed', 'sent', 'closed'))
);
CREATE INDEX card_suggestions_queue ON card_suggestions (guild_id, deck_guild, deck_id, status, id);
CREATE INDEX card_suggestions_author ON card_suggestions (guild_id, user_id, status);

CREATE TABLE overlay_cards (
    guild_id     INTEGER NOT NULL,
    deck_guild   INTEGER NOT NULL,
    deck_id      TEXT NOT NULL,
    card_id      TEXT NOT NULL,
    card         TEXT NOT NULL,     -- the checked card as JSON (bot/core/card_codec.py)
    base         TEXT,              -- NULL: an added card; else the fingerprint of the deck card it edits
    authored_by  INTEGER,
    author_name  TEXT,
    added_by     INTEGER,
    added_at     INTEGER NOT NULL,
    PRIMARY KEY (guild_id, deck_guild, deck_id, card_id)
) WITHOUT ROWID;

CREATE TABLE reviewer_roles (
    guild_id  INTEGER PRIMARY KEY,
    role_id   INTEGER NOT NULL
);

CREATE TRIGGER overlay_cards_forget_author AFTER UPDATE OF authored_by ON overlay_cards
WHEN NEW.authored_by IS NULL AND NEW.author_name IS NOT NULL
BEGIN
    UPDATE overlay_cards SET author_name = NULL
     WHERE guild_id = NEW.guild_id AND deck_guild = NEW.deck_guild AND deck_id = NEW.deck_id
       AND card_id = NEW.card_id;
END;

CREATE TRIGGER overlay_cards_follow_removed_upload AFTER DELETE ON guild_decks
BEGIN
    DELETE FROM overlay_cards WHERE guild_id = OLD.guild_id AND deck_guild = OLD.guild_id AND deck_id = OLD.deck_id;
    DELETE FROM card_suggestions
     WHERE guild_id = OLD.guild_id AND deck_guild = OLD.guild_id AND deck_id = OLD.deck_id AND status = 'pending';
END;
