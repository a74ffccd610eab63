-- The member's most recent attempt in real time (not the latest study day): travelling members'
-- study days are kept in step with it (bot.core.study_day.travel_safe_day).
ALTER TABLE member_streaks ADD COLUMN latest_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member_streaks ADD COLUMN latest_day INTEGER;
