-- What the start-up check made of each stored deck text, so that a restart checks only the decks whose
-- text changed. Keyed by the SHA-256 of the deck's YAML text (UTF-8): the checked deck depends on its text
-- alone. `checker` identifies the checking code (the deck model, the loader, the limits, pydantic and
-- PyYAML versions, Python): a row written by other code is a miss, checked again and replaced. `deck` is
-- the checked deck pickled; the bot unpickles deck classes only (bot.content.isolated). Only decks that
-- passed are kept (a deck with errors is checked again at the next start, and its errors logged again);
-- rows of texts no server stores any more are removed at start.
CREATE TABLE deck_check_cache (
    text_sha256  BLOB PRIMARY KEY,
    checker      TEXT NOT NULL,
    deck         BLOB NOT NULL
) WITHOUT ROWID;
