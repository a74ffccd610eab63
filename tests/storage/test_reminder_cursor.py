"""The reminder pass's cursor over attempts never skips an answer that committed after a newer one.

On PostgreSQL two shard processes write at once: an attempt can take a lower id than another and commit
after it. A cursor set to the highest id seen would then pass over it for good, and its member's next
check (their new card's due instant) would never be stored. The pass settles only attempts answered
LATE_COMMIT_MS before it, so the late one is still looked at by the next pass.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app.wiring import open_services
from bot.core.instants import to_ms
from tests.backends import execute_on

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
GUILD = 10
INSERT_ATTEMPT = (
    "INSERT INTO attempts (id, user_id, guild_id, deck_id, card_id, kind, level, source, correct, points,"
    " answered_at) VALUES (?, ?, ?, 'tiny', 'f1', 'flashcard', 'beginner', 'drill', 1, 1, ?)"
)


async def test_an_attempt_committed_after_a_newer_one_is_still_looked_at(backend_url: str) -> None:
    services = await open_services(backend_url, {})
    try:
        for user in (1, 2, 3):
            await execute_on(backend_url, "INSERT INTO members (user_id) VALUES (?)", (user,))
            await services.admin.set_reminder(user, GUILD, True)
        store = services.admin.store
        assert sorted(await store.reminders_to_check(to_ms(NOW))) == [(1, GUILD), (2, GUILD), (3, GUILD)]
        await services.admin.store.set_reminder_checks([(user, to_ms(NOW + timedelta(days=1))) for user in (1, 2, 3)])
        answered = to_ms(NOW + timedelta(minutes=1))
        await execute_on(backend_url, INSERT_ATTEMPT, (101, 1, GUILD, answered))
        await execute_on(backend_url, INSERT_ATTEMPT, (103, 3, GUILD, answered))
        first_pass = to_ms(NOW + timedelta(minutes=1, seconds=5))
        assert await store.reminders_to_check(first_pass) == [(1, GUILD), (3, GUILD)]
        # Member 2's answer took id 102 earlier but its transaction commits only now.
        await execute_on(backend_url, INSERT_ATTEMPT, (102, 2, GUILD, answered))
        next_pass = to_ms(NOW + timedelta(minutes=16))
        assert await store.reminders_to_check(next_pass) == [(1, GUILD), (2, GUILD), (3, GUILD)]
        assert await store.reminders_to_check(to_ms(NOW + timedelta(minutes=31))) == []
    finally:
        await services.close()
