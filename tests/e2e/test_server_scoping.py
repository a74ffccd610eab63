"""End to end: one server can't read another's cards (the real bot, two servers, DMs).

- Server B uploads `shared`, posts /flashcard, /quiz and /explain, removes the deck; server A uploads its
  own `shared` with the same card ids. B's old buttons, and forged answer forms (in B and in a DM), get
  "This card is no longer available." and record nothing; A's members do get A's cards.
- /stats in B shows only what was done in B; in a DM only the caller's own record, by deck titles, and
  another member's is refused.
- An appeal is claimed once: after the admin rejected it, a replayed click changes nothing.
Every text of a card carries its server's tag (`srv<server id>`), so a leak shows in what the bot sent.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.cogs.card_ids import owned_id
from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.fake_discord.interaction_payloads import base_interaction
from tests.e2e.fake_discord.store import Channel
from tests.e2e.harness import BotProcess, running_recall
from tests.services.scoping_decks import SHARED, shared_deck, tag

UNAVAILABLE = "This card is no longer available."
MODAL_SUBMIT = 5


@pytest.fixture
async def two_servers() -> AsyncIterator[FakeDiscord]:
    """Servers A and B (dana administers both); Alice studies in both, Mallory is in B only."""
    async with FakeDiscord(guilds=2) as fake:
        server_b = list(fake.store.guilds.values())[1]
        fake.store.add_member(server_b.id, "alice", user=fake.users["alice"])
        fake.users["mallory"] = fake.store.add_member(server_b.id, "mallory")
        yield fake


@pytest.fixture
async def bot(two_servers: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """The bot with global commands, so they exist in both servers and in DMs."""
    async with running_recall(two_servers, tmp_path, "recall-scoping", global_commands=True) as process:
        yield process


def servers(fake: FakeDiscord) -> tuple[Any, Any, Channel, Channel]:
    server_a, server_b = list(fake.store.guilds.values())
    return server_a, server_b, fake.channel(guild_id=server_a.id), fake.channel(guild_id=server_b.id)


def recorded(tmp_path: Path, user: dict[str, Any]) -> list[tuple[Any, ...]]:
    with sqlite3.connect(f"file:{tmp_path / 'data' / 'recall.db'}?mode=ro", uri=True) as db:
        return db.execute("SELECT id, guild_id, deck_guild, deck_id, card_id, points, correct FROM attempts"
                          " WHERE user_id = ? ORDER BY id", (int(user["id"]),)).fetchall()


def only(result: InteractionResult, prefix: str) -> str:
    (found,) = [cid for cid in result.custom_ids() if cid.startswith(prefix)]
    return found


async def upload(fake: FakeDiscord, channel: Channel, owner: int) -> None:
    data = shared_deck(owner).encode()
    added = await fake.slash("deck upload", {"file": {"filename": "shared.yaml", "data": data}},
                             user=fake.users["dana"], channel=channel)
    assert f"Deck of {tag(owner)}" in added.text(), added.text()


async def forged_submit(fake: FakeDiscord, user: dict[str, Any], channel: Channel, custom_id: str) -> InteractionResult:
    """An answer form the bot never opened, sent as a modified client could."""
    data = {"custom_id": custom_id, "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "answer:1234", "value": "an apple and a banana"}]}]}
    payload = base_interaction(fake.store, MODAL_SUBMIT, data, user, channel)
    return await fake.driver.run(payload, timeout=5, wait_final=True)


async def test_a_removed_deck_s_old_buttons_do_not_open_another_server_s_cards(
        two_servers: FakeDiscord, bot: BotProcess, tmp_path: Path) -> None:
    fake = two_servers
    server_a, server_b, in_a, in_b = servers(fake)
    a_tag, mallory, alice = tag(int(server_a.id)), fake.users["mallory"], fake.users["alice"]
    await upload(fake, in_b, int(server_b.id))
    flash = await fake.slash("flashcard", {"deck": SHARED}, user=mallory, channel=in_b)
    quiz = await fake.slash("quiz", {"deck": SHARED}, user=mallory, channel=in_b)
    explain = await fake.slash("explain", {"deck": SHARED}, user=mallory, channel=in_b)
    back = await fake.click(flash, only(flash, "recall:flash:reveal:"), user=mallory)  # B's own card, while it exists
    assert f"back {tag(int(server_b.id))}" in back.text(), back.text()
    removed = await fake.slash("deck remove", {"deck": SHARED}, user=fake.users["dana"], channel=in_b)
    assert "Removed" in removed.text(), removed.text()
    await upload(fake, in_a, int(server_a.id))
    before, requests_before = recorded(tmp_path, mallory), len(fake.store.requests)

    answers = [
        await fake.click(flash, only(flash, "recall:flash:reveal:"), user=mallory),
        await fake.click(back, next(c for c in back.custom_ids() if ":good:" in c), user=mallory),
        await fake.click(quiz, quiz.custom_ids()[0], user=mallory),
        await fake.click(explain, only(explain, "recall:explain:answer:"), user=mallory),
        await forged_submit(fake, mallory, in_b, f"recall:explain:submit:{SHARED}:o1"),
        await forged_submit(fake, mallory, fake.store.dm_channel_for(mallory), f"recall:explain:submit:{SHARED}:o1"),
        await forged_submit(fake, mallory, fake.store.dm_channel_for(mallory),
                            owned_id("es", int(server_a.id), SHARED, "o1")),  # naming A, where Mallory never studied
    ]
    for answer in answers:
        assert answer.ephemeral and answer.callback_type != 9, answer.text()
        assert UNAVAILABLE in answer.text() and a_tag not in answer.text(), answer.text()
    assert recorded(tmp_path, mallory) == before  # nothing recorded, in B or anywhere
    sent = " ".join(f"{r.json} {r.files}" for r in fake.store.requests[requests_before:])
    assert a_tag not in sent  # not in an embed, a modal title, a button label: nowhere

    # A's members get A's cards.
    mine = await fake.slash("flashcard", {"deck": SHARED}, user=alice, channel=in_a)
    revealed = await fake.click(mine, only(mine, "recall:flash:reveal:"), user=alice)
    assert f"back {a_tag}" in revealed.text(), revealed.text()
    assert fake.unanswered_interactions() == []


async def test_stats_show_only_what_the_place_may_show(two_servers: FakeDiscord, bot: BotProcess) -> None:
    fake = two_servers
    server_a, _server_b, in_a, in_b = servers(fake)
    a_tag, mallory, alice = tag(int(server_a.id)), fake.users["mallory"], fake.users["alice"]
    await upload(fake, in_a, int(server_a.id))
    explain = await fake.slash("explain", {"deck": SHARED}, user=alice, channel=in_a)
    form = await fake.click(explain, only(explain, "recall:explain:answer:"), user=alice)
    graded = await fake.submit_modal(form, {next(iter(_inputs(form))): "an apple, nothing else"}, user=alice)
    assert "1/2 concepts" in graded.text(), graded.text()
    quiz = await fake.slash("quiz", {"deck": "model-optimization-nlp"}, user=alice, channel=in_b)
    await fake.click(quiz, quiz.custom_ids()[0], user=alice)

    in_server_b = await fake.slash("stats", {"member": alice}, user=mallory, channel=in_b)
    text = in_server_b.text()
    assert "1/1" in text or "0/1" in text, text  # the one answer Alice gave in B
    assert a_tag not in text and "Concepts to revisit" not in text and SHARED not in text, text

    refused = await fake.slash("stats", {"member": alice}, user=mallory, dm=True)
    assert refused.ephemeral and "only your own record" in refused.text() and a_tag not in refused.text()

    own = await fake.slash("stats", user=alice, dm=True)
    text = own.text()
    assert f"Deck of {a_tag}: 1/1" in text and f"concept banana {a_tag}" in text, text  # her own, by title
    assert "Model optimization for NLP: " in text and f"`{SHARED}`" not in text and f"{SHARED}:" not in text, text
    assert fake.unanswered_interactions() == []


def _inputs(form: InteractionResult) -> list[str]:
    modal = form.modal or {}
    return [c["custom_id"] for row in modal.get("components") or [] for c in row.get("components") or []
            if c.get("type") == 4]


async def test_a_rejected_appeal_can_not_be_claimed_again(
        fake_discord: FakeDiscord, recall_bot: BotProcess, tmp_path: Path) -> None:
    fake, alice, dana = fake_discord, fake_discord.users["alice"], fake_discord.users["dana"]
    deck = "model-optimization-nlp"
    explain = await fake.slash("explain", {"deck": deck}, user=alice)
    form = await fake.click(explain, only(explain, "recall:explain:answer:"), user=alice)
    graded = await fake.submit_modal(form, {_inputs(form)[0]: "no idea at all"}, user=alice)
    appeal_id = only(graded, "recall:explain:appeal:")
    replay = fake.driver.click_payload(graded, appeal_id, user=alice)  # the click, as it can be sent again
    appealed = await fake.click(graded, appeal_id, user=alice)
    assert "Appeal recorded" in appealed.text(), appealed.text()
    assert [row[5:] for row in recorded(tmp_path, alice)] == [(10, 1)]

    listed = await fake.slash("deck appeals", {"deck": deck}, user=dana)
    rejected = await fake.click(listed, only(listed, "recall:appeal:reject:"), user=dana)
    assert "rejected" in rejected.text(), rejected.text()
    assert [row[5:] for row in recorded(tmp_path, alice)] == [(1, 0)]

    replay["id"], replay["token"] = fake.store.ids.next(), replay["token"] + "x"
    again = await fake.driver.run(replay, timeout=5, wait_final=True)
    assert again.ephemeral and "You already appealed this answer." in again.text(), again.text()
    assert [row[5:] for row in recorded(tmp_path, alice)] == [(1, 0)]  # no points, not correct
    assert "No open appeals" in (await fake.slash("deck appeals", {"deck": deck}, user=dana)).text()
    streak = await fake.slash("streak", user=alice)
    assert "1 point in this server" in streak.text(), streak.text()
    assert fake.unanswered_interactions() == []
