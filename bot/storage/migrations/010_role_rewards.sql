-- Roles earned by studying (bot/core/rewards.py): a server's rewards, and which member was given which
-- role, so each role is given once (one request to Discord) and a broken streak's role is taken back once.
-- Problems giving a role (no Manage Roles, a role above the bot's, a deleted role) are told to the admins
-- through `admin_notices` (migration 004), once per reward and problem.

CREATE TABLE role_rewards (
    guild_id         INTEGER NOT NULL,
    role_id          INTEGER NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('streak', 'points', 'reviews')),
    threshold        INTEGER NOT NULL CHECK (threshold >= 1),
    remove_on_break  INTEGER NOT NULL DEFAULT 0,   -- streak rewards only: take the role back when it breaks
    added_by         INTEGER,                      -- the admin (NULL once they asked for their data to go)
    added_at         INTEGER NOT NULL,             -- also names the reward's notices: re-adding re-arms them
    PRIMARY KEY (guild_id, role_id)
) WITHOUT ROWID;

-- A row is written before the role is given (the claim: `claimed_at`) and marked `given_at` once Discord
-- said yes; it is removed if Discord refused, or once the role was taken back. A claim never marked given
-- (the bot stopped between the two) counts as not given after 10 minutes, and the member's next answer gives
-- the role again (adding a role a member has changes nothing on Discord). Removing a reward removes its rows
-- (members keep the role they were given).
CREATE TABLE role_reward_grants (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    role_id     INTEGER NOT NULL,
    claimed_at  INTEGER NOT NULL,
    given_at    INTEGER,
    PRIMARY KEY (guild_id, user_id, role_id)
) WITHOUT ROWID;
-- The sweep for broken streaks reads a server's grants of one role.
CREATE INDEX role_reward_grants_by_role ON role_reward_grants (guild_id, role_id);
