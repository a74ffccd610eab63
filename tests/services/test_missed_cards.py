"""The cards a member got wrong in the last 30 days (`/mydata export what:missed`), on each backend (SQLite, PostgreSQL):
the window counted from `now`, the caller's own misses only, decks as the place asking sees them."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from bot.content.validation import validate_deck
from bot.core.deck import ClozeCard, Deck
from bot.services import member_data
from bot.services.api import FlashRating, Learner, MissedCards
from bot.services.bundle import Services
from bot.services.member_data import MISSED_DAYS
from tests.services.conftest import NOW
from tests.services.scoping_decks import shared_deck

SERVER, OTHER = 500, 501
ALICE = Learner(user_id=11, guild_id=SERVER)
BOB = Learner(user_id=12, guild_id=SERVER)
ADMIN = 99


def keys(missed: MissedCards) -> set[tuple[int, str, str]]:
    return {(item.ref.owner, item.ref.deck_id, card.id) for item in missed.decks for card in item.cards}


async def miss_choice(services: Services, rng: random.Random, learner: Learner, deck: str, card: str, *,
                      days_ago: float, deck_guild: int | None = None) -> None:
    """Pick option 1 of the card, wrong in `tiny` (option 0 is right) and in the shared decks below."""
    outcome = await services.recall.answer_choice(learner, deck, card, 1, now=NOW - timedelta(days=days_ago),
                                                  rng=rng, deck_guild=deck_guild)
    assert not outcome.correct


async def test_misses_of_the_last_30_days_most_recent_first(services: Services, rng: random.Random) -> None:
    await miss_choice(services, rng, ALICE, "tiny", "c1", days_ago=MISSED_DAYS + 0.01)  # just outside
    await services.recall.rate_flashcard(ALICE, "tiny", "f1", FlashRating.AGAIN, now=NOW - timedelta(days=29), rng=rng)
    await services.recall.rate_flashcard(ALICE, "tiny", "f2", FlashRating.GOOD, now=NOW - timedelta(days=1), rng=rng)
    await services.recall.answer_open(ALICE, "tiny", "o1", "nothing relevant", now=NOW - timedelta(days=2), rng=rng)
    await services.recall.answer_open(ALICE, "tiny", "o1", "still nothing", now=NOW - timedelta(days=3), rng=rng)
    await services.recall.rate_flashcard(BOB, "tiny", "f2", FlashRating.AGAIN, now=NOW, rng=rng)
    missed = await services.recall.missed_cards(ALICE, now=NOW)
    (tiny,) = missed.decks
    assert tiny.deck.id == "tiny" and [card.id for card in tiny.cards] == ["o1", "f1"]
    assert missed.card_count == 2 and not missed.more
    # Counted from `now`: ten days later the flashcard missed 29 days ago has left the window.
    later = await services.recall.missed_cards(ALICE, now=NOW + timedelta(days=10))
    assert keys(later) == {(0, "tiny", "o1")}
    assert keys(await services.recall.missed_cards(BOB, now=NOW)) == {(0, "tiny", "f2")}


async def test_nothing_missed_gives_no_deck(services: Services, rng: random.Random) -> None:
    await services.recall.answer_choice(ALICE, "tiny", "c1", 0, now=NOW, rng=rng)
    missed = await services.recall.missed_cards(ALICE, now=NOW)
    assert missed.decks == [] and missed.card_count == 0


async def test_only_decks_visible_where_the_member_asks(services: Services, rng: random.Random) -> None:
    for guild in (SERVER, OTHER):
        await services.admin.upload_deck(guild, ADMIN, "shared.yaml", shared_deck(guild).encode(), now=NOW)
    await miss_choice(services, rng, ALICE, "shared", "c1", days_ago=1)  # SERVER's upload
    await miss_choice(services, rng, Learner(ALICE.user_id, OTHER), "shared", "c1", days_ago=2)  # OTHER's
    await miss_choice(services, rng, Learner(ALICE.user_id, OTHER), "tiny", "c1", days_ago=3)  # built-in
    # In SERVER: its own upload and the built-in deck, never OTHER's deck of the same id.
    assert keys(await services.recall.missed_cards(ALICE, now=NOW)) == {(SERVER, "shared", "c1"), (0, "tiny", "c1")}
    in_server = (await services.recall.missed_cards(ALICE, now=NOW)).decks
    assert {item.ref.owner: item.deck.title for item in in_server if item.ref.deck_id == "shared"} == {
        SERVER: f"Deck of srv{SERVER}"}
    # In a DM: the built-in deck and the uploads of both servers she studies in.
    assert keys(await services.recall.missed_cards(Learner(ALICE.user_id, None), now=NOW)) == {
        (SERVER, "shared", "c1"), (OTHER, "shared", "c1"), (0, "tiny", "c1")}
    # A server that hid the built-in deck doesn't export its cards; a server she never studied in sees
    # only the built-in deck.
    await services.admin.set_deck_disabled(SERVER, "tiny", True)
    assert keys(await services.recall.missed_cards(ALICE, now=NOW)) == {(SERVER, "shared", "c1")}
    assert keys(await services.recall.missed_cards(Learner(ALICE.user_id, 777), now=NOW)) == {(0, "tiny", "c1")}


async def test_a_removed_deck_s_cards_are_left_out(services: Services, rng: random.Random) -> None:
    await services.admin.upload_deck(SERVER, ADMIN, "shared.yaml", shared_deck(SERVER).encode(), now=NOW)
    await miss_choice(services, rng, ALICE, "shared", "c1", days_ago=1)
    await services.admin.remove_deck(SERVER, "shared")
    assert (await services.recall.missed_cards(ALICE, now=NOW)).decks == []


@pytest.fixture
def decks(decks: dict[str, Deck]) -> dict[str, Deck]:
    """The usual decks plus one with a cloze card of two gaps."""
    decks["clz"] = validate_deck({"id": "clz", "title": "Cloze", "cards": [
        {"id": "z1", "kind": "cloze", "level": "beginner", "text": "{{c1::Mitochondria}} make {{c2::ATP}}"}]})
    return decks


async def test_a_cloze_card_is_exported_once_for_all_its_missed_gaps(services: Services, rng: random.Random) -> None:
    for gap in ("z1:c1", "z1:c2"):
        await services.recall.rate_flashcard(ALICE, "clz", gap, FlashRating.AGAIN, now=NOW, rng=rng)
    (item,) = (await services.recall.missed_cards(ALICE, now=NOW)).decks
    (card,) = item.cards
    assert isinstance(card, ClozeCard) and card.id == "z1"


async def test_at_most_the_limit_most_recent_cards(services: Services, rng: random.Random) -> None:
    await services.recall.rate_flashcard(ALICE, "tiny", "f1", FlashRating.AGAIN, now=NOW - timedelta(days=2), rng=rng)
    await services.recall.rate_flashcard(ALICE, "tiny", "f2", FlashRating.AGAIN, now=NOW - timedelta(days=1), rng=rng)
    store = services.recall._member_data  # type: ignore[attr-defined]
    cut = await member_data.missed_cards(store, services.catalogue, ALICE, now=NOW, limit=1)
    assert keys(cut) == {(0, "tiny", "f2")} and cut.more
    whole = await member_data.missed_cards(store, services.catalogue, ALICE, now=NOW, limit=2)
    assert keys(whole) == {(0, "tiny", "f1"), (0, "tiny", "f2")} and not whole.more
