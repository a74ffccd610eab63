"""Admin use cases on each backend (SQLite, PostgreSQL): deck uploads, hiding decks, appeal reviews, reminders, welcome."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.wiring import open_services
from bot.content.isolated import DeckCheckFailed, check_texts
from bot.core.deck import Deck
from bot.core.errors import InvalidSetting, UnknownCard
from bot.services.admin import DeckRejected
from bot.services.api import FlashRating, Learner
from bot.services.bundle import Services

GUILD, OTHER, ADMIN, ALICE = 10, 11, 20, 101
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)

DECK_V1 = """id: club-deck
title: Club deck
cards:
  - id: one
    kind: flashcard
    level: beginner
    front: One?
    back: Uno
  - id: two
    kind: open
    level: beginner
    prompt: Explain caching
    concepts:
      - name: stores results
        keywords: [store, cache]
      - name: faster reads
        keywords: [faster, speed]
"""

BROKEN = """id: club-deck
title: Club deck
cards:
  - id: one
    kind: flashcard
    level: expert
    front: One?
  - id: two
    kind: choice
    level: beginner
    question: Q?
    options:
      - text: a
"""


async def test_upload_validates_and_scopes_the_deck_to_its_server(services: Services) -> None:
    upload = await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", DECK_V1.encode(), now=NOW)
    assert upload.deck.id == "club-deck" and not upload.replaced
    assert "club-deck" in {d.id for d in services.catalogue.decks(GUILD)}
    assert "club-deck" not in {d.id for d in services.catalogue.decks(OTHER)}
    assert "club-deck" not in {d.id for d in services.catalogue.decks()}  # DMs and old callers: built-ins only
    drawn = await services.recall.next_card(Learner(ALICE, GUILD), now=NOW, rng=random.Random(1), deck_id="club-deck")
    assert drawn.deck_id == "club-deck"
    with pytest.raises(UnknownCard):
        await services.recall.next_card(Learner(ALICE, OTHER), now=NOW, rng=random.Random(1), deck_id="club-deck")


async def test_bad_upload_lists_problems_with_line_numbers(services: Services) -> None:
    with pytest.raises(DeckRejected) as rejected:
        await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", BROKEN.encode(), now=NOW)
    message = rejected.value.user_message
    assert "nothing was stored" in message
    assert "club.yaml:6" in message  # the bad level
    assert "club.yaml:" in message.split("\n", 2)[2]  # the next problem has its line too
    assert "club-deck" not in {d.id for d in services.catalogue.decks(GUILD)}
    with pytest.raises(DeckRejected, match="UTF-8"):
        await services.admin.upload_deck(GUILD, ADMIN, "x.yaml", b"\xff\xfe\x00bad", now=NOW)
    with pytest.raises(DeckRejected, match="1 MB"):
        await services.admin.upload_deck(GUILD, ADMIN, "x.yaml", b"#" * (1024 * 1024 + 1), now=NOW)


async def test_built_in_ids_are_refused_and_each_server_has_its_own_ids(services: Services) -> None:
    builtin = DECK_V1.replace("id: club-deck", "id: model-optimization-nlp")
    with pytest.raises(DeckRejected, match="built-in"):
        await services.admin.upload_deck(GUILD, ADMIN, "x.yaml", builtin.encode(), now=NOW)
    await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", DECK_V1.encode(), now=NOW)
    other = await services.admin.upload_deck(OTHER, ADMIN, "club.yaml", DECK_V1.replace("Uno", "Eins").encode(), now=NOW)
    assert not other.replaced  # another server's deck of the same id is another deck
    assert services.catalogue.card(GUILD, "club-deck", "one").back == "Uno"  # type: ignore[union-attr]
    assert services.catalogue.card(OTHER, "club-deck", "one").back == "Eins"  # type: ignore[union-attr]


async def test_reupload_keeps_history_and_survives_a_restart(backend_url: str, decks: dict[str, Deck]) -> None:
    url = backend_url
    services = await open_services(url, decks)
    await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", DECK_V1.encode(), now=NOW)
    learner = Learner(ALICE, GUILD)
    await services.recall.answer_open(learner, "club-deck", "two", "it stores things", now=NOW, rng=random.Random(1))
    v2 = DECK_V1.split("  - id: two")[0].replace("Uno", "Uno!") + "  - id: three\n    kind: flashcard\n" \
        "    level: beginner\n    front: Three?\n    back: Tres\n"
    upload = await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", v2.encode(), now=NOW)
    assert upload.replaced and upload.dropped_card_ids == ("two",)
    await services.close()

    services = await open_services(url, decks)
    try:
        assert {c.id for c in services.catalogue.deck_for(GUILD, "club-deck").cards} == {"one", "three"}  # type: ignore[union-attr]
        stats = await services.recall.stats(learner, now=NOW)
        assert stats.total.attempts == 1  # the removed card's attempt is kept
        await services.admin.remove_deck(GUILD, "club-deck")
        assert services.catalogue.deck_for(GUILD, "club-deck") is None
        with pytest.raises(InvalidSetting, match="built-in"):
            await services.admin.remove_deck(GUILD, "model-optimization-nlp")
    finally:
        await services.close()


async def test_disable_hides_a_built_in_deck_in_one_server(services: Services) -> None:
    assert await services.admin.set_deck_disabled(GUILD, "tiny", True)
    assert "tiny" not in {d.id for d in services.catalogue.decks(GUILD)}
    assert "tiny" in {d.id for d in services.catalogue.decks(OTHER)}
    assert not await services.admin.set_deck_disabled(GUILD, "tiny", True)
    await services.admin.set_deck_disabled(GUILD, "tiny", False)
    assert "tiny" in {d.id for d in services.catalogue.decks(GUILD)}


async def test_appeals_accept_shows_keywords_and_reject_takes_credit_back(services: Services) -> None:
    learner = Learner(ALICE, GUILD)
    rng = random.Random(3)
    first = await services.recall.answer_open(learner, "tiny", "o1", "gamma rays and delta", now=NOW, rng=rng)
    second = await services.recall.answer_open(learner, "tiny", "o1", "nothing relevant here", now=NOW, rng=rng, question_key="k2")
    for attempt in (first, second):
        await services.recall.appeal(learner, attempt.attempt_id, now=NOW)
    assert (await services.recall.streak(learner, now=NOW)).points == 20  # type: ignore[union-attr]
    items = await services.admin.appeals(GUILD, "tiny")
    assert [i.attempt_id for i in items] == [first.attempt_id, second.attempt_id]
    assert items[0].missed_concepts == ("alpha", "beta")

    accepted = await services.admin.review_appeal(GUILD, first.attempt_id, accept=True, reviewer=ADMIN, now=NOW)
    assert accepted.suggested_keywords == ("gamma", "rays", "delta", "gamma rays")  # words, then phrases
    assert {(w.slot, w.concept) for w in accepted.offer} == {(0, "alpha"), (1, "beta")}
    rejected = await services.admin.review_appeal(GUILD, second.attempt_id, accept=False, reviewer=ADMIN, now=NOW)
    assert not rejected.accepted
    assert (await services.recall.streak(learner, now=NOW)).points == 10 + 1  # type: ignore[union-attr]
    assert await services.admin.appeals(GUILD, "tiny") == []
    with pytest.raises(InvalidSetting):
        await services.admin.review_appeal(GUILD, second.attempt_id, accept=True, reviewer=ADMIN, now=NOW)
    with pytest.raises(InvalidSetting):
        await services.admin.review_appeal(OTHER, first.attempt_id, accept=True, reviewer=ADMIN, now=NOW)


async def test_reminders_at_most_one_a_day(services: Services) -> None:
    learner = Learner(ALICE, GUILD)
    await services.admin.set_reminder(ALICE, GUILD, True)
    await services.admin.set_reminder(ALICE, OTHER, True)
    assert await services.admin.reminders_due(now=NOW) == []  # nothing due, no streak
    await services.recall.rate_flashcard(learner, "tiny", "f1", 1, now=NOW, rng=random.Random(1))  # Again: due soon
    evening = NOW + timedelta(hours=9)  # 21:00 UTC: the study day ends at 04:00, 7 h away
    late = NOW + timedelta(hours=13)  # 01:00: the streak breaks in 3 h
    due = await services.admin.reminders_due(now=evening)
    assert [user for user, _text in due] == [ALICE] and "due for review" in due[0][1]
    assert await services.admin.reminders_due(now=late) == []  # same study day: never a second DM
    next_day = await services.admin.reminders_due(now=NOW + timedelta(days=1, hours=12))
    assert [user for user, _ in next_day] == [ALICE]
    await services.admin.set_reminder(ALICE, GUILD, False)
    await services.admin.set_reminder(ALICE, OTHER, False)
    assert await services.admin.reminders_due(now=NOW + timedelta(days=3)) == []


async def test_streak_reminder_comes_a_few_hours_before_the_day_ends(services: Services) -> None:
    learner = Learner(ALICE, GUILD)
    await services.recall.answer_choice(learner, "tiny", "c1", 0, now=NOW, rng=random.Random(1))
    await services.admin.set_reminder(ALICE, GUILD, True)
    # Studied on Monday's study day; on Tuesday's, at 01:00 on Wednesday (it ends at 04:00) the streak is at risk.
    (reminder,) = await services.admin.reminders_due(now=NOW + timedelta(days=1, hours=13))
    assert "1-day streak ends" in reminder[1]


async def test_welcome_is_claimed_once(services: Services) -> None:
    assert await services.admin.claim_welcome(GUILD, now=NOW)
    assert not await services.admin.claim_welcome(GUILD, now=NOW + timedelta(days=1))


async def _checker_that_fails(texts: Sequence[tuple[str, str]]) -> list[tuple[Deck | None, list[str], list[str]]]:
    if not texts:  # as the real one: no process, nothing to fail, when there is nothing to check
        return []
    raise DeckCheckFailed("the deck checker stopped with code -9: no message")


async def test_an_upload_is_refused_whole_when_the_checker_fails(backend_url: str, decks: dict[str, Deck]) -> None:
    url = backend_url
    services = await open_services(url, decks, _checker_that_fails)
    try:
        with pytest.raises(DeckRejected, match=re.escape("could not check `club.yaml` this time; nothing was stored")):
            await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", DECK_V1.encode(), now=NOW)
        assert services.catalogue.deck_for(GUILD, "club-deck") is None
    finally:
        await services.close()
    services = await open_services(url, decks)  # nothing half-stored: a restart finds no upload
    try:
        assert services.catalogue.deck_for(GUILD, "club-deck") is None
    finally:
        await services.close()


async def test_a_start_whose_checker_fails_stops_and_closes_the_database(tmp_path: Path, decks: dict[str, Deck]) -> None:
    url = f"sqlite:///{tmp_path}/recall.db"
    services = await open_services(url, decks)
    await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", DECK_V1.encode(), now=NOW)
    await services.close()
    with pytest.raises(DeckCheckFailed):
        await open_services(url, decks, _checker_that_fails)
    # Closed cleanly: the WAL was checkpointed away and the next start works.
    assert not (tmp_path / "recall.db-wal").exists()
    services = await open_services(url, decks, check_texts)
    try:
        assert services.catalogue.deck_for(GUILD, "club-deck") is not None  # and the child process checker loads it
    finally:
        await services.close()


async def test_due_cards_of_an_uploaded_deck_carry_its_title_for_dms(services: Services) -> None:
    await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", DECK_V1.encode(), now=NOW)
    await services.recall.rate_flashcard(Learner(ALICE, GUILD), "club-deck", "one", FlashRating.AGAIN, now=NOW,
                                  rng=random.Random(1))
    assert "club-deck" not in {d.id for d in services.catalogue.decks(None)}  # a DM can't look the title up
    due = await services.recall.due_cards(ALICE, now=NOW + timedelta(days=2))
    assert [(d.deck_id, d.card_id, d.deck_title) for d in due] == [("club-deck", "one", "Club deck")]
