-- The languages replies are written in (issue 18). A server's chosen language for its public posts
-- (/settings language; NULL: follow the server's preferred locale in Discord), and a member's last
-- seen client language (a catalogue language code: es, de, pt-BR, fr, ja; NULL: English or unknown),
-- which their reminder DMs are written in.
ALTER TABLE guild_settings ADD COLUMN language TEXT;
ALTER TABLE members ADD COLUMN locale TEXT;
