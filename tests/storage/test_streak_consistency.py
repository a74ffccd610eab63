"""After any history (out of order, repeated, across DST and timezone changes) stored streaks equal the
streaks recomputed from the attempt log alone."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app.wiring import open_services
from bot.core.streaks import recompute
from bot.services.api import Learner
from bot.storage.streak_store import recompute_from_attempts
from tests.services.conftest import tiny_deck

START = datetime(2026, 3, 20, tzinfo=UTC)  # Europe's DST change (Mar 29) and the US one (Mar 8, Nov 1) nearby
TIMEZONES = [None, "Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"]

event = st.one_of(
    st.tuples(st.just("answer"), st.integers(1, 3), st.integers(0, 24 * 45), st.integers(0, 5)),
    st.tuples(st.just("timezone"), st.integers(1, 3), st.integers(0, len(TIMEZONES) - 1), st.just(0)),
)


def stored_and_recomputed(path: Path, guild: int) -> list[tuple[object, object]]:
    pairs = []
    with sqlite3.connect(path) as conn:
        members = [r[0] for r in conn.execute("SELECT user_id FROM member_streaks WHERE guild_id = ?", (guild,))]
        for user in members:
            row = conn.execute(
                "SELECT current_streak, longest_streak, freezes, last_day FROM member_streaks"
                " WHERE guild_id = ? AND user_id = ?", (guild, user)).fetchone()
            freeze_days = tuple(date.fromordinal(d) for (d,) in conn.execute(
                "SELECT day FROM freeze_days WHERE guild_id = ? AND user_id = ? ORDER BY day", (guild, user)))
            expected = recompute_from_attempts(conn, guild, user)
            stored_days = [date.fromordinal(d) for (d,) in conn.execute(
                "SELECT day FROM study_days WHERE guild_id = ? AND user_id = ?", (guild, user))]
            assert recompute(stored_days) == expected
            pairs.append((
                (row[0], row[1], row[2], date.fromordinal(row[3]), freeze_days),
                (expected.current, expected.longest, expected.freezes, expected.last_day, expected.freeze_days),
            ))
    return pairs


async def replay(path: Path, events: list[tuple[str, int, int, int]], seed: int) -> None:
    services = await open_services(f"sqlite:///{path}", {"tiny": tiny_deck()})
    rng = random.Random(seed)
    try:
        for kind, user, value, key in events:
            if kind == "timezone":
                await services.recall.set_member_timezone(user, TIMEZONES[value])
                continue
            when = START + timedelta(hours=value)
            question = f"q{value // 24}-{key}" if key else None  # a repeated key is a duplicate answer
            await services.recall.answer_choice(Learner(user, 1), "tiny", "c1", key % 2, now=when, rng=rng,
                                         source="scheduled" if question else "drill", question_key=question)
    finally:
        await services.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(event, min_size=1, max_size=40), st.integers(0, 2**32))
def test_stored_streak_equals_recomputed(events: list[tuple[str, int, int, int]], seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "h.db"
        asyncio.run(replay(path, events, seed))
        for stored, expected in stored_and_recomputed(path, 1):
            assert stored == expected


def test_a_late_answer_for_an_earlier_day_refolds_the_streak(tmp_path: Path) -> None:
    path = tmp_path / "late.db"
    # days 0, 1, 3 then (late) day 2: the streak becomes 4 once day 2 arrives
    asyncio.run(replay(path, [("answer", 1, 24 * d + 12, 0) for d in (0, 1, 3, 2)], 1))
    [(stored, expected)] = stored_and_recomputed(path, 1)
    assert stored == expected and stored[0] == 4
