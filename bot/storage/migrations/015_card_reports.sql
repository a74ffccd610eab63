-- Members' reports of a problem with a card ("Report a problem" under a card's answer): they wait in the
-- deck's moderation queue (`/deck queue`) of the server where they were made, beside appeals and
-- suggestions. Each row names the server that sees it (`guild_id`) and the deck's key as migration 007
-- writes it (`deck_guild`: 0 for a built-in deck, else the uploading server; `deck_id`).
--
-- `fingerprint` is the card's content as that server saw it when reported (bot/core/card_reports.py). A
-- report stays open while the card still has that content: fixing the card (a re-upload that changes it, an
-- edit in the server's overlay) or taking it out closes its reports (`closed_how` 'changed' / 'removed'),
-- and a reviewer may close them without a change ('dismissed'). A member has at most one open report per
-- card: reporting again replaces the reason and note.

CREATE TABLE card_reports (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    deck_guild   INTEGER NOT NULL,
    deck_id      TEXT NOT NULL,
    card_id      TEXT NOT NULL,
    user_id      INTEGER NOT NULL,
    reason       TEXT NOT NULL CHECK (reason IN ('wrong', 'unclear', 'typo', 'other')),
    note         TEXT,                -- the member's short text (reason 'other'), at most 200 characters
    fingerprint  TEXT NOT NULL,
    reported_at  INTEGER NOT NULL,
    closed_at    INTEGER,
    closed_how   TEXT CHECK (closed_how IN ('changed', 'removed', 'dismissed')),
    CHECK ((closed_at IS NULL) = (closed_how IS NULL))
);
CREATE UNIQUE INDEX card_reports_one_open ON card_reports (guild_id, deck_guild, deck_id, card_id, user_id)
    WHERE closed_at IS NULL;
CREATE INDEX card_reports_member ON card_reports (user_id);

-- Removing an upload (`/deck remove`) deletes its server's reports on it, as migration 008 does for the
-- overlay: a deck id freed and uploaded again starts clean.
CREATE TRIGGER card_reports_follow_removed_upload AFTER DELETE ON guild_decks
BEGIN
    DELETE FROM card_reports WHERE guild_id = OLD.guild_id AND deck_guild = OLD.guild_id AND deck_id = OLD.deck_id;
END;
