"""The overlay's SQL on each backend (a real SQLite file, a PostgreSQL database): rows stay in their server, offers exist only for appeals accepted in
the asking server, a repeated add stores nothing, and a removed upload takes its overlay along."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.wiring import open_services
from bot.content.loader import load_decks
from bot.services.api import Learner
from bot.services.bundle import Services
from bot.services.records import OfferedKeyword, OverlayCardKey, OverlayMisconceptionRow
from bot.storage.database import Database
from bot.storage.overlay import SqliteOverlayStore
from tests.backends import execute_on

CONTENT = Path(__file__).resolve().parents[2] / "content"
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
GUILD, OTHER = 10, 11
KEY = OverlayCardKey(GUILD, 0, "deck", "card")


@pytest.fixture
async def store(backend_url: str) -> AsyncIterator[SqliteOverlayStore]:
    db = await Database.open(backend_url)
    yield SqliteOverlayStore(db)
    await db.close()


async def test_keywords_are_stored_once_and_read_by_their_full_key(store: SqliteOverlayStore) -> None:
    assert await store.add_keywords(KEY, [("alpha", "gamma"), ("alpha", "rays")], 1, 100) == 2
    assert await store.add_keywords(KEY, [("alpha", "gamma"), ("beta", "gamma")], 2, 200) == 1  # the replay adds none
    await store.add_misconception(KEY, OverlayMisconceptionRow(("one", "two words"), "Fix.", "alpha"), 1, 300)
    overlay = await store.card_overlay(KEY)
    assert overlay.keywords == (("alpha", "gamma"), ("alpha", "rays"), ("beta", "gamma"))
    assert overlay.misconceptions == (OverlayMisconceptionRow(("one", "two words"), "Fix.", "alpha"),)
    for other in (OverlayCardKey(OTHER, 0, "deck", "card"), OverlayCardKey(GUILD, GUILD, "deck", "card"),
                  OverlayCardKey(GUILD, 0, "deck", "other")):
        empty = await store.card_overlay(other)
        assert empty.keywords == () and empty.misconceptions == ()
    assert await store.servers_with_overlay() == {GUILD}
    assert await store.keyword_count(GUILD) == 3 and await store.keyword_count(OTHER) == 0


async def test_a_removed_upload_takes_its_own_servers_overlay_only(store: SqliteOverlayStore) -> None:
    own = OverlayCardKey(GUILD, GUILD, "shared", "card")
    theirs = OverlayCardKey(OTHER, OTHER, "shared", "card")
    builtin = OverlayCardKey(GUILD, 0, "shared", "card")
    for key in (own, theirs, builtin):
        await store.add_keywords(key, [("alpha", "gamma")], 1, 100)
    await store.db.write(lambda conn: conn.executemany(
        "INSERT INTO guild_decks (guild_id, deck_id, source_text, uploaded_by, uploaded_at) VALUES (?, 'shared', 'x', 1, 0)",
        [(GUILD,), (OTHER,)]))
    await store.db.write(lambda conn: conn.execute("DELETE FROM guild_decks WHERE guild_id = ?", (GUILD,)))
    assert (await store.card_overlay(own)).keywords == ()
    assert (await store.card_overlay(theirs)).keywords == (("alpha", "gamma"),)
    assert (await store.card_overlay(builtin)).keywords == (("alpha", "gamma"),)  # a built-in deck's overlay stays


async def test_offers_only_for_appeals_accepted_in_the_asking_server(backend_url: str) -> None:
    url = backend_url
    services: Services = await open_services(url, load_decks([CONTENT]).decks)
    deck = next(d for d in services.catalogue.decks(GUILD) if d.id == "model-optimization-nlp")
    card_id = next(c.id for c in services.catalogue.deck_for(GUILD, deck.id).cards if c.kind == "open")  # type: ignore[union-attr]
    learner = Learner(5, GUILD)
    outcome = await services.recall.answer_open(learner, deck.id, card_id, "zzz", now=NOW, rng=random.Random(1))
    await services.recall.appeal(learner, outcome.attempt_id, now=NOW)
    await services.close()
    db = await Database.open(url)
    store = SqliteOverlayStore(db)
    words = [OfferedKeyword(0, 0, "concept", "zzz")]
    try:
        assert not await store.save_offer(GUILD, outcome.attempt_id, words)  # appealed, not yet reviewed
        await execute_on(url, "INSERT INTO appeal_reviews (attempt_id, verdict, reviewed_by, reviewed_at)"
                              " VALUES (?, 'accepted', 9, 0)", (outcome.attempt_id,))
        assert not await store.save_offer(OTHER, outcome.attempt_id, words)  # not this server's appeal
        assert await store.save_offer(GUILD, outcome.attempt_id, words)
        offer = await store.offer(GUILD, outcome.attempt_id)
        assert offer is not None and offer.words == tuple(words)
        assert (offer.deck_guild, offer.deck_id, offer.card_id) == (0, deck.id, card_id)
        assert await store.offer(OTHER, outcome.attempt_id) is None
        await execute_on(url, "UPDATE appeal_reviews SET verdict = 'rejected'")
        assert await store.offer(GUILD, outcome.attempt_id) is None  # only an accepted appeal's offer counts
    finally:
        await db.close()
