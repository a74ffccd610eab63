"""The schedule adapter's small parts: how posts are rendered (marker, poll shape, no pings), who counts
as an admin, the loop's wake-ups and the pacer's spacing."""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.app.scheduler_loop import Pacer, PostQueue, seconds_to_next_minute
from bot.cogs.schedule.access import REFUSAL, is_admin, require_admin
from bot.cogs.schedule.publisher import headline, render
from bot.content.validation import validate_deck
from bot.services.errors import RecallError

DECK = validate_deck({
    "id": "tiny", "title": "Tiny",
    "cards": [
        {"id": "f1", "kind": "flashcard", "level": "beginner", "front": "F1 @everyone?", "back": "B1"},
        {"id": "c1", "kind": "choice", "level": "beginner", "question": "Which?", "explanation": "E",
         "options": [{"text": "wrong"}, {"text": "right", "correct": True}, {"text": "also wrong"}]},
        {"id": "o1", "kind": "open", "level": "beginner", "prompt": "Explain",
         "concepts": [{"name": "a", "keywords": ["a"]}]},
    ],
})


def outgoing(card_id: str, form: str, *, local_date: date | None = date(2026, 3, 2), late: bool = False) -> Any:
    post = SimpleNamespace(id=7, schedule_id=3, local_date=local_date, late=late, deck_id="tiny", channel_id=1)
    marker = f"schedule #3 · {local_date.isoformat()}" if local_date else "schedule #3 · try-out 7"
    return SimpleNamespace(post=post, deck_title="Tiny", card=DECK.card(card_id), form=form, poll_hours=5,
                           marker=marker)


def test_every_form_carries_the_marker_and_pings_nobody() -> None:
    for card_id, form in (("f1", "flashcard"), ("c1", "choice"), ("c1", "poll"), ("o1", "open")):
        kwargs = render(outgoing(card_id, form), random.Random(1))
        assert "schedule #3 · 2026-03-02" in kwargs["content"]
        assert kwargs["allowed_mentions"].everyone is False and kwargs["allowed_mentions"].users is False


def test_a_poll_lists_answers_in_deck_order_for_the_given_hours() -> None:
    kwargs = render(outgoing("c1", "poll"), random.Random(1))
    poll: discord.Poll = kwargs["poll"]
    assert [answer.text for answer in poll.answers] == ["wrong", "right", "also wrong"]
    assert poll.duration.total_seconds() == 5 * 3600 and "view" not in kwargs


def test_buttons_for_the_other_forms() -> None:
    ids = {form: [item.custom_id for item in render(outgoing(card, form), random.Random(1))["view"].children]
           for card, form in (("f1", "flashcard"), ("c1", "choice"), ("o1", "open"))}
    assert ids["flashcard"] == ["recall:flash:reveal:tiny:f1:s"]  # `:s`: answers count as "scheduled"
    assert sorted(ids["choice"]) == [f"recall:quiz:pick:tiny:c1:{i}:s" for i in range(3)]
    assert ids["open"] == ["recall:explain:answer:tiny:o1:s"]


def test_headline_says_late_and_try_out() -> None:
    assert "late" in headline(outgoing("f1", "flashcard", late=True))
    assert "Try-out" in headline(outgoing("f1", "flashcard", local_date=None))


def fake_interaction(manage_guild: bool, guild_id: int | None = 5) -> Any:
    permissions = discord.Permissions(manage_guild=manage_guild)
    return SimpleNamespace(guild_id=guild_id, user=SimpleNamespace(), permissions=permissions)


def test_admin_check_in_code() -> None:
    assert is_admin(fake_interaction(True))
    assert not is_admin(fake_interaction(False))
    with pytest.raises(RecallError) as refused:
        require_admin(fake_interaction(False))
    assert refused.value.user_message == REFUSAL
    with pytest.raises(RecallError, match="only works in a server"):
        require_admin(fake_interaction(True, guild_id=None))


@pytest.mark.parametrize(("second", "expected"), [(0, 30.0), (45, 15.2), (59.9, 0.5), (30, 30.0)])
def test_the_loop_wakes_at_least_every_30_seconds_and_just_after_each_minute(second: float, expected: float) -> None:
    whole = int(second)
    now = datetime(2026, 3, 2, 8, 0, whole, int((second - whole) * 1_000_000), tzinfo=UTC)
    assert seconds_to_next_minute(now) == pytest.approx(expected, abs=0.01)


async def test_the_pacer_spaces_starts_evenly() -> None:
    pacer = Pacer(rate=200.0)
    started = []
    for _ in range(20):
        await pacer.wait()
        started.append(time.monotonic())
    gaps = [b - a for a, b in itertools.pairwise(started)]
    assert min(gaps) >= 0.004  # 5 ms apart at 200/s (a little scheduling slack)
    assert started[-1] - started[0] >= 19 * 0.005 - 0.002


async def test_the_queue_keeps_going_after_a_failed_send() -> None:
    sent: list[int] = []

    async def send(item: int) -> None:
        if item == 2:
            raise RuntimeError("Discord 500")
        sent.append(item)

    queue = PostQueue(send, rate=1000.0)
    queue.start()
    for item in range(5):
        queue.put(item)
    await asyncio.wait_for(queue.join(), 5)
    await queue.stop()
    assert sent == [0, 1, 3, 4]
