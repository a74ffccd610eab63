"""End to end: one server's grading never holds another server's commands.

Server B uploads the largest open card the deck limits allow (12 concepts, 4,000 keyword characters) and
a member of B answers it with 4,000 characters. In test mode every grading call first holds the grading
thread for a few seconds (`RECALL_TEST_GRADING_PAUSE`, a blocking sleep): were grading on the event loop,
that pause would freeze every server. Server A's `/decks`, sent after B's answer, must be answered while
B's answer is still being graded, and B's answer must still be graded and answered in time (deferred).
The test asserts order, not durations.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.limits import MAX_CARD_KEYWORD_CHARS, MAX_CONCEPTS_PER_CARD, MAX_KEYWORD_CHARS
from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.harness import BotProcess, running_recall

GRADING_PAUSE_SECONDS = 2.5
DECK_ID = "largest"


def largest_deck() -> str:
    """One open card filling every per-card limit: 12 concepts, keywords up to 80 characters, 4,000 in all."""
    per_concept = MAX_CARD_KEYWORD_CHARS // MAX_CONCEPTS_PER_CARD
    lines = [f"id: {DECK_ID}", "title: The largest card", "cards:", "  - id: huge", "    kind: open",
             "    level: advanced", "    prompt: Say everything you know.", "    concepts:"]
    for concept in range(MAX_CONCEPTS_PER_CARD):
        keywords, used, index = [], 0, 0
        while True:
            words = " ".join(f"w{concept}x{index}y{part}" for part in range(8))[:MAX_KEYWORD_CHARS].strip()
            if used + len(words) > per_concept:
                break
            keywords.append(words)
            used, index = used + len(words), index + 1
        lines += [f"      - name: concept {concept}", f"        keywords: [{', '.join(keywords)}]"]
    return "\n".join(lines) + "\n"


def hostile_answer() -> str:
    """4,000 characters of near-miss spellings of the card's words, a mention and markdown."""
    words = [f"w{c}x{i}y{p}z" for c in range(MAX_CONCEPTS_PER_CARD) for i in range(4) for p in range(8)]
    text = "@everyone **" + " ".join(words) + "** "
    while len(text) < 4000:
        text += text
    return text[:4000]


@pytest.fixture
async def two_servers() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(guilds=2) as fake:
        yield fake


@pytest.fixture
async def slow_grading_bot(two_servers: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotProcess]:
    async with running_recall(two_servers, tmp_path, "recall-grading", global_commands=True,  # both servers
                              RECALL_TEST_MODE="1", RECALL_TEST_GRADING_PAUSE=str(GRADING_PAUSE_SECONDS)) as process:
        yield process


def _input_ids(form: InteractionResult) -> list[str]:
    modal = form.modal or {}
    return [c["custom_id"] for row in modal.get("components") or [] for c in row.get("components") or []
            if c.get("type") == 4]


async def test_server_a_is_answered_while_server_b_s_largest_card_is_graded(
        two_servers: FakeDiscord, slow_grading_bot: BotProcess) -> None:
    fake = two_servers
    server_a, server_b = list(fake.store.guilds.values())
    in_a, in_b = fake.channel(guild_id=server_a.id), fake.channel(guild_id=server_b.id)
    dana, alice = fake.users["dana"], fake.users["alice"]
    fake.store.add_member(server_b.id, "alice", user=alice)

    uploaded = await fake.slash("deck upload", {"file": {"filename": f"{DECK_ID}.yaml", "data": largest_deck().encode()}},
                                user=dana, channel=in_b, timeout=30)
    assert "The largest card" in uploaded.text(), uploaded.text()
    explain = await fake.slash("explain", {"deck": DECK_ID}, user=alice, channel=in_b)
    answer_button = next(cid for cid in explain.custom_ids() if cid.startswith("recall:explain:answer:"))
    form = await fake.click(explain, answer_button, user=alice)

    graded = asyncio.create_task(
        fake.submit_modal(form, {_input_ids(form)[0]: hostile_answer()}, user=alice, timeout=GRADING_PAUSE_SECONDS + 10))
    await asyncio.sleep(0.3)  # B's answer has reached the bot and its grading has started
    decks = await fake.slash("decks", user=dana, channel=in_a)
    assert "Model optimization" in decks.text() and not decks.late, decks.text()

    result = await graded
    assert "0/12 concepts" in result.text(), result.text()  # graded (near misses earn nothing), and answered
    # Order, from the fake's own log: A's reply came before the last thing the bot sent for B's answer.
    b_answered_at = max(r.time for r in fake.store.requests if result.record.token in r.path)
    assert decks.record.callback_at is not None and decks.record.callback_at < b_answered_at
    assert fake.late_interactions() == [] and fake.unanswered_interactions() == []
