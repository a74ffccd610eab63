-- Accuracy leaderboards walk this index in order (and skip members under the minimum of attempts)
-- instead of sorting every member of the server. PostgreSQL accepts the same expression index.
CREATE INDEX period_scores_accuracy
    ON period_scores (guild_id, period, starts, (CAST(correct AS REAL) / attempts) DESC, attempts DESC, user_id);
