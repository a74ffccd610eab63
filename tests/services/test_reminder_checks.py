"""The reminder pass looks only at members whose check instant has come or who answered since the last
pass, and sends exactly the DMs that looking at every opted-in member on every pass would send."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.wiring import open_services
from bot.core.deck import Deck
from bot.core.instants import from_ms, to_ms
from bot.services.api import Learner
from bot.services.bundle import Services

GUILD, OTHER = 10, 11
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)  # a Monday; the study day starts at 04:00 UTC
PASS = timedelta(minutes=15)


async def next_checks(services: Services) -> dict[int, datetime]:
    rows = await services.admin.store.db.fetch_all("SELECT user_id, MIN(next_check_at) FROM reminders GROUP BY user_id", ())
    return {row[0]: from_ms(row[1]) for row in rows}


async def test_each_member_gets_the_instant_that_can_change_their_reminder(services: Services) -> None:
    idle, streaky, learning = 1, 2, 3
    await services.recall.rate_flashcard(Learner(streaky, GUILD), "tiny", "f2", 4, now=NOW - timedelta(days=1),
                                  rng=random.Random(1))  # Easy: due again in days, after the risk window
    await services.recall.rate_flashcard(Learner(learning, GUILD), "tiny", "f1", 3, now=NOW, rng=random.Random(1))
    for member in (idle, streaky, learning):
        await services.admin.set_reminder(member, GUILD, True)
    (due_at,) = [row.due_ms for row in await services.admin.store.db.due(learning, 2**62, 5)]

    assert await services.admin.reminders_due(now=NOW) == []
    checks = await next_checks(services)
    tomorrow = datetime(2026, 3, 3, 4, tzinfo=UTC)
    assert checks[idle] == tomorrow  # nothing can fall due before the next study day
    assert checks[streaky] == tomorrow - timedelta(hours=4)  # the streak-risk window opens
    assert checks[learning] == min(tomorrow, from_ms(due_at))  # the reviewed card falls due

    # The pass right after still looks at the member who answered within LATE_COMMIT_MS of the last one
    # (an answer may commit late on PostgreSQL); later passes in between look at nobody; the card falling due
    # brings its member back.
    assert NOW < from_ms(due_at) < tomorrow - timedelta(hours=4)
    assert await services.admin.store.reminders_to_check(to_ms(NOW + (from_ms(due_at) - NOW) / 3)) == [(learning, GUILD)]
    assert await services.admin.store.reminders_to_check(to_ms(NOW + (from_ms(due_at) - NOW) / 2)) == []
    (due,) = await services.admin.reminders_due(now=from_ms(due_at))
    assert due[0] == learning and "1 card due" in due[1]
    (reminder,) = await services.admin.reminders_due(now=tomorrow - timedelta(hours=4) + PASS)
    assert reminder[0] == streaky and "streak ends" in reminder[1]
    assert (await next_checks(services))[streaky] == tomorrow  # reminded today: tomorrow's study day next


async def test_an_answer_since_the_last_pass_gets_the_member_looked_at(services: Services) -> None:
    await services.admin.set_reminder(1, GUILD, True)
    await services.admin.set_reminder(2, GUILD, True)
    assert await services.admin.reminders_due(now=NOW) == []
    assert await services.admin.store.reminders_to_check(to_ms(NOW + PASS)) == []
    await services.recall.rate_flashcard(Learner(1, None), "tiny", "f1", 1, now=NOW + PASS, rng=random.Random(1))  # in a DM
    assert await services.admin.store.reminders_to_check(to_ms(NOW + 2 * PASS)) == [(1, GUILD)]
    assert await services.admin.store.reminders_to_check(to_ms(NOW + 3 * PASS)) == []  # seen once


async def test_turning_reminders_on_again_checks_at_the_next_pass(services: Services) -> None:
    await services.admin.set_reminder(1, GUILD, True)
    await services.admin.set_reminder(1, OTHER, True)
    await services.admin.reminders_due(now=NOW)
    await services.admin.set_reminder(1, GUILD, False)
    assert await services.admin.store.reminders_to_check(to_ms(NOW + PASS)) == []  # fewer servers: no sooner
    await services.admin.set_reminder(1, GUILD, True)
    assert sorted(await services.admin.store.reminders_to_check(to_ms(NOW + PASS))) == [(1, GUILD), (1, OTHER)]


async def simulate(services: Services, seed: int, *, look_at_everyone: bool) -> list[tuple[int, int, str]]:
    """Three days of 15-minute passes while members answer at random; (pass, user, text) of every DM."""
    actions = random.Random(seed)
    members = list(range(1, 9))
    for member in members:
        await services.admin.set_reminder(member, GUILD if member % 3 else OTHER, True)
        if member % 4 == 0:
            await services.admin.set_reminder(member, OTHER, True)
    sent = []
    for number in range(3 * 24 * 4):
        now = NOW + number * PASS
        for member in members:
            careful = member > 4  # rates only Easy: no card falls due for days, so their streak reminders show
            if actions.random() < (0.01 if careful else 0.02):
                guild = actions.choice([GUILD, OTHER, None])
                if careful:
                    await services.recall.rate_flashcard(Learner(member, guild), "tiny", actions.choice(["f1", "f2"]), 4,
                                                  now=now, rng=random.Random(number))
                elif actions.random() < 0.5:
                    await services.recall.rate_flashcard(Learner(member, guild), "tiny", actions.choice(["f1", "f2"]),
                                                  actions.choice([1, 2, 3, 4]), now=now, rng=random.Random(number))
                else:
                    await services.recall.answer_choice(Learner(member, guild), "tiny", "c1", actions.choice([0, 1]),
                                                 now=now, rng=random.Random(number))
        if look_at_everyone:
            await services.admin.store.db.write(lambda conn: conn.execute("UPDATE reminders SET next_check_at = 0"))
        sent.extend((number, user, text) for user, text in await services.admin.reminders_due(now=now))
    return sent


@pytest.mark.parametrize("seed", [1, 2])
async def test_the_same_dms_as_looking_at_everyone_every_pass(tmp_path: Path, decks: dict[str, Deck], seed: int) -> None:
    results = []
    for everyone in (False, True):
        services = await open_services(f"sqlite:///{tmp_path}/{everyone}.db", decks)
        try:
            results.append(await simulate(services, seed, look_at_everyone=everyone))
        finally:
            await services.close()
    selective, exhaustive = results
    assert len(exhaustive) >= 8, exhaustive  # the simulation does produce reminders of both kinds
    assert {"streak" in text for _, _, text in exhaustive} == {True, False}
    assert selective == exhaustive
