"""Stored decks at start: each checked on its own (one that breaks the checker is skipped, the others
load), only when its text changed (the cache); and the per-server upload quotas."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Sequence

import pytest

from bot.app.wiring import open_services
from bot.content import isolated, per_deck
from bot.content.isolated import check_texts_here
from bot.core.deck import Deck
from bot.core.limits import MAX_DECK_TEXT_BYTES_PER_SERVER, MAX_DECKS_PER_SERVER
from bot.services.admin import DeckRejected
from bot.services.bundle import Services
from tests.services import stored
from tests.services.conftest import NOW

ADMIN = 20
SERVERS = (101, 102, 103)


def deck_text(number: int, note: str = "", front: str = "Front") -> str:
    return (f"{note}\nid: deck-{number}\ntitle: Deck {number}\ncards:\n  - id: c\n    kind: flashcard\n"
            f"    level: beginner\n    front: {front} {number}?\n    back: Back\n")


class RecordingChecker:
    """The in-process checker, remembering which decks it was asked to check."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def __call__(self, texts: Sequence[tuple[str, str]]) -> list[tuple[Deck | None, list[str], list[str]]]:
        self.asked.extend(name for _, name in texts)
        return await check_texts_here(texts)


async def _upload_many(url: str, decks: dict[str, Deck], per_server: int, notes: dict[int, str] | None = None) -> None:
    services = await open_services(url, decks)
    try:
        for index, guild in enumerate(SERVERS):
            for n in range(per_server):
                number = index * 100 + n
                text = deck_text(number, (notes or {}).get(number, ""))
                await services.admin.upload_deck(guild, ADMIN, f"{number}.yaml", text.encode(), now=NOW)
    finally:
        await services.close()


async def test_a_start_with_many_decks_and_one_that_breaks_the_checker_loads_the_others(
    backend_url: str, decks: dict[str, Deck], caplog: pytest.LogCaptureFixture
) -> None:
    url = backend_url
    await _upload_many(url, decks, per_server=MAX_DECKS_PER_SERVER, notes={107: "# test: crash"})
    checker = functools.partial(per_deck.check_each, child_module="tests.content.failing_checker",
                                deck_cpu_seconds=2, deck_wall_seconds=10)
    with caplog.at_level(logging.WARNING):
        services = await open_services(url, decks, checker)
    try:
        for index, guild in enumerate(SERVERS):
            for n in range(MAX_DECKS_PER_SERVER):
                number = index * 100 + n
                loaded = services.catalogue.deck_for(guild, f"deck-{number}")
                assert (loaded is None) == (number == 107), number
    finally:
        await services.close()
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert warnings == ["uploaded deck deck-107 (server 102) is not loaded: deck-107.yaml: the deck checker gave "
                        "up on this deck (the checker stopped with code 3: no message); make it smaller or simpler"]


async def test_a_restart_checks_only_the_decks_whose_text_changed(backend_url: str, decks: dict[str, Deck]) -> None:
    url = backend_url
    await _upload_many(url, decks, per_server=4)
    every = sorted(f"deck-{i * 100 + n}.yaml" for i in range(len(SERVERS)) for n in range(4))

    async def start(checker: RecordingChecker) -> Services:
        return await open_services(url, decks, checker)

    first = RecordingChecker()
    services = await start(first)
    await services.close()
    assert sorted(first.asked) == every  # the uploads were not checked at start before

    second = RecordingChecker()
    services = await start(second)
    try:
        assert second.asked == []  # nothing changed: no deck checked again
        assert all(services.catalogue.deck_for(SERVERS[1], f"deck-{100 + n}") is not None for n in range(4))
        # a new version of one deck, and one deck removed
        await services.admin.upload_deck(SERVERS[1], ADMIN, "new.yaml", deck_text(102, front="New").encode(), now=NOW)
        await services.admin.remove_deck(SERVERS[2], "deck-203")
    finally:
        await services.close()

    third = RecordingChecker()
    services = await start(third)
    try:
        assert third.asked == ["deck-102.yaml"]  # only the changed text
        card = services.catalogue.deck_for(SERVERS[1], "deck-102").cards[0]  # type: ignore[union-attr]
        assert card.front == "New 102?"  # type: ignore[union-attr]
        assert services.catalogue.deck_for(SERVERS[2], "deck-203") is None
    finally:
        await services.close()
    # the old version and the removed deck's rows went
    assert stored.rows(url, "SELECT count(*) FROM deck_check_cache") == [(len(every) - 1,)]


async def test_other_checking_code_checks_every_deck_again(
    backend_url: str, decks: dict[str, Deck], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = backend_url
    await _upload_many(url, decks, per_server=2)
    services = await open_services(url, decks, RecordingChecker())
    await services.close()
    monkeypatch.setattr(isolated, "_checker_fingerprint", "another version of the checker")
    again = RecordingChecker()
    services = await open_services(url, decks, again)
    await services.close()
    assert len(again.asked) == 2 * len(SERVERS)


async def test_a_stored_deck_that_now_fails_is_checked_and_reported_at_every_start(
    backend_url: str, decks: dict[str, Deck], caplog: pytest.LogCaptureFixture
) -> None:
    """A deck stored before a limit it breaks: not cached, so each start says why it is not loaded."""
    url = backend_url
    await _upload_many(url, decks, per_server=1)
    services = await open_services(url, decks, RecordingChecker())  # all three pass and are cached
    await services.close()
    keywords = ", ".join(f"k{i}" for i in range(51))
    too_many = (f"id: deck-0\ntitle: Deck\ncards:\n  - id: o\n    kind: open\n    level: beginner\n    prompt: P?\n"
                f"    concepts:\n      - name: n\n        keywords: [{keywords}]\n")
    stored.run_sql(url, ("UPDATE guild_decks SET source_text = ? WHERE deck_id = 'deck-0'", (too_many,)))
    for _ in range(2):
        checker = RecordingChecker()
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            services = await open_services(url, decks, checker)
        try:
            assert services.catalogue.deck_for(SERVERS[0], "deck-0") is None
            assert services.catalogue.deck_for(SERVERS[1], "deck-100") is not None
        finally:
            await services.close()
        assert checker.asked == ["deck-0.yaml"]
        assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
            "uploaded deck deck-0 (server 101) is not loaded: deck-0.yaml:10 cards[0].concepts[0].keywords: may have "
            "at most 50 keywords, found 51; keep the words that answers really use"]


async def test_a_server_may_upload_50_decks_not_51(services: Services) -> None:
    guild = SERVERS[0]
    for number in range(MAX_DECKS_PER_SERVER):
        await services.admin.upload_deck(guild, ADMIN, f"{number}.yaml", deck_text(number).encode(), now=NOW)
    with pytest.raises(DeckRejected) as refused:
        await services.admin.upload_deck(guild, ADMIN, "more.yaml", deck_text(999).encode(), now=NOW)
    assert str(refused.value).startswith(
        "`more.yaml` was not stored. This server already has 50 uploaded decks, the most a server may have (50)")
    assert services.catalogue.deck_for(guild, "deck-999") is None
    # a new version of one of the 50 is fine, and so is another server's first deck
    replaced = await services.admin.upload_deck(guild, ADMIN, "7.yaml", deck_text(7, front="New").encode(), now=NOW)
    assert replaced.replaced
    await services.admin.upload_deck(SERVERS[1], ADMIN, "999.yaml", deck_text(999).encode(), now=NOW)


async def test_a_server_may_store_20_mb_of_deck_text_not_a_byte_more(services: Services, backend_url: str) -> None:
    guild = SERVERS[0]
    small = deck_text(1)
    filler = MAX_DECK_TEXT_BYTES_PER_SERVER - len(small.encode())  # what the server already stores

    def store_filler(size: int) -> None:
        """The server's other decks, written to the file directly (their text is never read here)."""
        stored.run_sql(backend_url, ("DELETE FROM guild_decks WHERE guild_id = ?", (guild,)), *(
            ("INSERT INTO guild_decks (guild_id, deck_id, source_text, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?)",
             (guild, f"filler-{part}", "x" * (size // 20 + (part < size % 20)), ADMIN, 0)) for part in range(20)))

    store_filler(filler)
    upload = await services.admin.upload_deck(guild, ADMIN, "small.yaml", small.encode(), now=NOW)  # exactly 20 MB
    assert upload.deck.id == "deck-1"
    store_filler(filler + 1)
    with pytest.raises(DeckRejected, match=r"hold 20\.0 MB of text and this one adds 0\.0 MB; a server may store at most "
                                           r"20\.0 MB"):
        await services.admin.upload_deck(guild, ADMIN, "small.yaml", small.encode(), now=NOW)


async def test_two_uploads_at_once_cannot_both_take_the_last_place(services: Services) -> None:
    """The quota is checked inside the write that stores the deck, so a race can't pass it twice."""
    guild = SERVERS[0]
    for number in range(MAX_DECKS_PER_SERVER - 1):
        await services.admin.upload_deck(guild, ADMIN, f"{number}.yaml", deck_text(number).encode(), now=NOW)
    outcomes = await asyncio.gather(
        *(services.admin.upload_deck(guild, ADMIN, f"{n}.yaml", deck_text(n).encode(), now=NOW) for n in (500, 501)),
        return_exceptions=True)
    refused = [o for o in outcomes if isinstance(o, DeckRejected)]
    stored = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(stored) == 1 and len(refused) == 1, outcomes
    assert "already has 49 uploaded decks" not in str(refused[0])
    assert "already has 50 uploaded decks" in str(refused[0])
    loser = "deck-501" if stored[0].deck.id == "deck-500" else "deck-500"
    assert services.catalogue.deck_for(guild, loser) is None
    assert {d.deck_id for d in await services.admin.store.guild_decks() if d.guild_id == guild} >= {stored[0].deck.id}
    assert len([d for d in await services.admin.store.guild_decks() if d.guild_id == guild]) == MAX_DECKS_PER_SERVER
