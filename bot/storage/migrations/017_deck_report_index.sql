-- /deck report reads one server's answers on one deck over a period: this index finds them by server,
-- deck and time, and holds the columns the report counts (card, member, right or wrong), so a report
-- reads only the index entries of its period, never the attempt log itself.
CREATE INDEX attempts_by_guild_deck ON attempts (guild_id, deck_guild, deck_id, answered_at, card_id, user_id, correct);

-- The concept tallies of one server's deck, with what the report sums (their key starts with the member).
CREATE INDEX concept_stats_by_guild_deck ON concept_stats (guild_id, deck_guild, deck_id, card_id, concept, missed, seen);
