-- A server's overlay: keywords and misconceptions its admins add to a deck, stored per server and applied
-- on top of the deck when that server's members are graded (built-in decks included). Another server never
-- sees them: every row names the server it belongs to (`guild_id`) next to the deck's key as migration 007
-- writes it (`deck_guild`, the owner: 0 for a built-in deck, else the uploading server; `deck_id`).
--
-- Rows name a card id and a concept by name. A re-upload keeps them: they apply again wherever the card id
-- and concept name still exist, and are ignored (kept, not applied) where they don't, so a card taken out
-- and put back finds its keywords again. Removing an upload (`/deck remove`) deletes its server's overlay of
-- that deck (the trigger at the end), so a deck id freed and uploaded again starts clean.

CREATE TABLE overlay_keywords (
    guild_id    INTEGER NOT NULL,   -- the server whose copy of the deck this changes
    deck_guild  INTEGER NOT NULL,   -- the deck's owner: 0 for a built-in deck, else guild_id itself
    deck_id     TEXT NOT NULL,
    card_id     TEXT NOT NULL,
    concept     TEXT NOT NULL,      -- the concept's name as the deck writes it
    keyword     TEXT NOT NULL,      -- trimmed, spaces collapsed, case-folded: one row per keyword
    added_by    INTEGER,            -- the admin who added it (NULL once they asked for their data to go)
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (guild_id, deck_guild, deck_id, card_id, concept, keyword)
) WITHOUT ROWID;

CREATE TABLE overlay_misconceptions (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    deck_guild   INTEGER NOT NULL,
    deck_id      TEXT NOT NULL,
    card_id      TEXT NOT NULL,
    triggers     TEXT NOT NULL,     -- one trigger per line
    correction   TEXT NOT NULL,
    contradicts  TEXT,              -- a concept name of the card, or NULL
    added_by     INTEGER,
    added_at     INTEGER NOT NULL
);
CREATE INDEX overlay_misconceptions_card ON overlay_misconceptions (guild_id, deck_guild, deck_id, card_id);

-- What an accepted appeal offered as new keywords: the words of the member's answer, per missed concept
-- (`slot`: the order the offer showed the concepts in), each at its `position`. A click names a slot and
-- positions, never a word: only what was offered can be added. `user_id` is the member whose answer the
-- words come from, so deleting the member's data deletes the offer too.
CREATE TABLE appeal_keyword_offers (
    attempt_id  INTEGER NOT NULL,
    slot        INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    concept     TEXT NOT NULL,
    keyword     TEXT NOT NULL,
    PRIMARY KEY (attempt_id, slot, position)
) WITHOUT ROWID;

CREATE TRIGGER overlay_follows_removed_upload AFTER DELETE ON guild_decks
BEGIN
    DELETE FROM overlay_keywords WHERE guild_id = OLD.guild_id AND deck_guild = OLD.guild_id AND deck_id = OLD.deck_id;
    DELETE FROM overlay_misconceptions
     WHERE guild_id = OLD.guild_id AND deck_guild = OLD.guild_id AND deck_id = OLD.deck_id;
END;
