-- Media (pictures, sounds) of the decks servers upload with /deck upload, kept in the database: the
-- content folder may be read-only, and backups then hold them. A file is named as the Anki importer names
-- it, sha256 of its bytes + its extension, so one server storing the same picture twice stores it once.
-- Every row belongs to one server; nothing reads another server's media.
CREATE TABLE server_media (
    guild_id    INTEGER NOT NULL,
    name        TEXT NOT NULL,                 -- '<sha256 hex>.<ext>'
    size        INTEGER NOT NULL CHECK (size >= 0),
    data        BLOB NOT NULL,
    PRIMARY KEY (guild_id, name)
);  -- a rowid table: its rows are large (up to 8 MiB), which WITHOUT ROWID handles badly

-- Which of the server's uploaded decks name which file: a file no deck of its server names any more is
-- deleted when a deck is replaced or removed, so the per-server quota counts files in use only.
CREATE TABLE server_deck_media (
    guild_id    INTEGER NOT NULL,
    deck_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    PRIMARY KEY (guild_id, deck_id, name),
    FOREIGN KEY (guild_id, name) REFERENCES server_media (guild_id, name)
) WITHOUT ROWID;

CREATE INDEX server_deck_media_by_name ON server_deck_media (guild_id, name);
