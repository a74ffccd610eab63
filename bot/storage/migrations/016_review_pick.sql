-- Schedules that pick by the group's memory (issue 16, `pick: review`).
-- `pick`: 'rotation' (every eligible card once per cycle, shuffled: what every existing schedule keeps)
-- or 'review' (the card the members who study the deck in the server have most likely forgotten).
-- A review post records why its card was picked, so `/schedule list` can say it without recomputing:
-- `pick_reason` 'memory' (with the members who had seen the card and their mean retrievability at the
-- claim), 'new' (the one-in-five turn for a card nobody had seen) or 'unseen' (nobody had seen any).

ALTER TABLE schedules ADD COLUMN pick TEXT NOT NULL DEFAULT 'rotation' CHECK (pick IN ('rotation', 'review'));

ALTER TABLE schedule_posts ADD COLUMN pick_reason TEXT CHECK (pick_reason IN ('memory', 'new', 'unseen'));
ALTER TABLE schedule_posts ADD COLUMN pick_members INTEGER;
ALTER TABLE schedule_posts ADD COLUMN pick_retention REAL;

-- The cards a review schedule has posted (new material skips unseen cards it already posted).
CREATE INDEX schedule_posts_cards ON schedule_posts (schedule_id, card_id);

-- Who answered which card of a deck in a server: the members whose memory a review pick counts, read as
-- one index range per (server, deck) instead of a scan of the attempt log.
CREATE INDEX attempts_by_server_card ON attempts (guild_id, deck_guild, deck_id, card_id, user_id)
    WHERE guild_id IS NOT NULL;
