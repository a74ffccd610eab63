"""A server's overlay on each backend (SQLite, PostgreSQL): accepted appeals offer words, one click adds them, grading in
that server (and only there) credits them; forged and replayed clicks add nothing; re-uploads keep it."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from bot.app.wiring import open_services
from bot.core.deck import Deck, Misconception
from bot.core.errors import InvalidSetting, UnknownCard
from bot.services.api import UNAVAILABLE, Learner
from bot.services.bundle import Services
from tests.services import stored

GUILD, OTHER, ADMIN, ALICE, BOB = 10, 11, 20, 101, 102
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
# tiny/o1 ("Explain") has concepts alpha (keyword "alpha") and beta ("beta"): this answer earns neither (an
# appeal is only open to an answer that did not count as correct: fewer than half of the concepts).
ANSWER = "The gamma rays account for the rest of it clearly, in my honest view."
# Earns alpha, and states what a misconception below is triggered by.
ALPHA_ANSWER = "The alpha part matters here, and the gamma rays account for the rest of it."

CLUB = """id: shared
title: Shared
cards:
  - id: two
    kind: open
    level: beginner
    prompt: Explain caching
    concepts:
      - name: stores results
        keywords: [store]
      - name: faster reads
        keywords: [faster]
"""


def hits(outcome: object) -> dict[str, bool]:
    return {v.name: v.hit for v in outcome.grade.concepts}  # type: ignore[attr-defined]


async def appeal_accepted(services: Services, guild: int, deck: str, card: str, text: str, key: str = "k1"):  # type: ignore[no-untyped-def]
    learner = Learner(ALICE, guild)
    outcome = await services.recall.answer_open(learner, deck, card, text, now=NOW, rng=random.Random(1),
                                                question_key=key)
    await services.recall.appeal(learner, outcome.attempt_id, now=NOW)
    decision = await services.admin.review_appeal(guild, outcome.attempt_id, accept=True, reviewer=ADMIN, now=NOW)
    return outcome, decision


def offered(decision, concept: str, word: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(slot, position) of a word offered for a concept."""
    return next((w.slot, w.position) for w in decision.offer if w.concept == concept and w.keyword == word)


def overlay_rows(url: str) -> list[tuple[object, ...]]:
    return stored.rows(url, "SELECT guild_id, deck_guild, deck_id, card_id, concept, keyword, added_by"
                            " FROM overlay_keywords ORDER BY 1, 2, 3, 4, 5, 6")


async def test_an_offered_word_added_in_one_click_credits_the_same_answer(services: Services, backend_url: str) -> None:
    first, decision = await appeal_accepted(services, GUILD, "tiny", "o1", ANSWER)
    assert hits(first) == {"alpha": False, "beta": False}
    # The answer's content words, then two-word phrases within a clause; no stop words.
    assert decision.suggested_keywords == ("gamma", "rays", "account", "rest", "clearly", "honest", "view",
                                           "gamma rays", "rays account", "honest view")
    assert [(w.slot, w.concept) for w in decision.offer if w.position == 0] == [(0, "alpha"), (1, "beta")]

    slot, position = offered(decision, "alpha", "gamma")
    result = await services.admin.add_offered_keywords(GUILD, first.attempt_id, slot, [position], reviewer=ADMIN, now=NOW)
    assert result.added == (("alpha", "gamma"),) and result.refused == ()
    assert overlay_rows(backend_url) == [(GUILD, 0, "tiny", "o1", "alpha", "gamma", ADMIN)]

    again = await services.recall.answer_open(Learner(BOB, GUILD), "tiny", "o1", ANSWER, now=NOW, rng=random.Random(2))
    assert hits(again) == {"alpha": True, "beta": False} and again.correct
    assert (await services.admin.appeals(GUILD, "tiny")) == []  # (reviewed appeals leave the list)


async def test_one_servers_overlay_never_reaches_another_server_or_a_dm(services: Services) -> None:
    first, decision = await appeal_accepted(services, OTHER, "tiny", "o1", ANSWER)
    slot, position = offered(decision, "alpha", "gamma rays")
    await services.admin.add_offered_keywords(OTHER, first.attempt_id, slot, [position], reviewer=ADMIN, now=NOW)
    rng = random.Random(3)
    in_other = await services.recall.answer_open(Learner(BOB, OTHER), "tiny", "o1", ANSWER, now=NOW, rng=rng)
    in_guild = await services.recall.answer_open(Learner(BOB, GUILD), "tiny", "o1", ANSWER, now=NOW, rng=rng)
    in_dm = await services.recall.answer_open(Learner(BOB, None), "tiny", "o1", ANSWER, now=NOW, rng=rng)
    assert hits(in_other)["alpha"]  # the built-in deck, in the server that added the phrase
    assert not hits(in_guild)["alpha"] and not hits(in_dm)["alpha"]  # the same built-in deck elsewhere

    # Two servers' uploads of the same id: an overlay on one is not on the other.
    for guild in (GUILD, OTHER):
        await services.admin.upload_deck(guild, ADMIN, "shared.yaml", CLUB.encode(), now=NOW)
    text = "It will keep the results so later lookups feel snappier for everyone involved."
    upload, offer = await appeal_accepted(services, GUILD, "shared", "two", text, key="k2")
    slot, position = offered(offer, "faster reads", "snappier")
    await services.admin.add_offered_keywords(GUILD, upload.attempt_id, slot, [position], reviewer=ADMIN, now=NOW)
    mine = await services.recall.answer_open(Learner(BOB, GUILD), "shared", "two", text, now=NOW, rng=rng)
    theirs = await services.recall.answer_open(Learner(BOB, OTHER), "shared", "two", text, now=NOW, rng=rng)
    assert hits(mine) == {"stores results": False, "faster reads": True}
    assert hits(theirs) == {"stores results": False, "faster reads": False}
    # A DM answer on GUILD's upload is graded with GUILD's overlay (only GUILD's members see it in a DM).
    in_dm = await services.recall.answer_open(Learner(BOB, None), "shared", "two", text, now=NOW, rng=rng,
                                              deck_guild=GUILD)
    assert hits(in_dm)["faster reads"]


async def test_forged_and_replayed_clicks_add_nothing(services: Services, backend_url: str) -> None:
    first, decision = await appeal_accepted(services, GUILD, "tiny", "o1", ANSWER)
    slot, position = offered(decision, "alpha", "gamma")
    # Another server naming this appeal: as if it did not exist.
    with pytest.raises(UnknownCard, match=UNAVAILABLE):
        await services.admin.add_offered_keywords(OTHER, first.attempt_id, slot, [position], reviewer=ADMIN, now=NOW)
    # Positions or a slot never offered.
    with pytest.raises(InvalidSetting, match="not offered"):
        await services.admin.add_offered_keywords(GUILD, first.attempt_id, slot, [99], reviewer=ADMIN, now=NOW)
    with pytest.raises(InvalidSetting, match="not offered"):
        await services.admin.add_offered_keywords(GUILD, first.attempt_id, 3, [position], reviewer=ADMIN, now=NOW)
    # An appeal not accepted (open, or rejected), or an attempt never appealed: nothing to add to.
    learner = Learner(ALICE, GUILD)
    pending = await services.recall.answer_open(learner, "tiny", "o1", ANSWER, now=NOW, rng=random.Random(4),
                                                question_key="k2")
    await services.recall.appeal(learner, pending.attempt_id, now=NOW)
    plain = await services.recall.answer_open(learner, "tiny", "o1", ANSWER, now=NOW, rng=random.Random(5),
                                              question_key="k3")
    for attempt in (pending.attempt_id, plain.attempt_id, 10**12):
        with pytest.raises(UnknownCard):
            await services.admin.add_offered_keywords(GUILD, attempt, 0, [0], reviewer=ADMIN, now=NOW)
    rejected = await services.admin.review_appeal(GUILD, pending.attempt_id, accept=False, reviewer=ADMIN, now=NOW)
    assert rejected.offer == ()
    with pytest.raises(UnknownCard):
        await services.admin.add_offered_keywords(GUILD, pending.attempt_id, 0, [0], reviewer=ADMIN, now=NOW)
    assert overlay_rows(backend_url) == []

    added = await services.admin.add_offered_keywords(GUILD, first.attempt_id, slot, [position], reviewer=ADMIN, now=NOW)
    replay = await services.admin.add_offered_keywords(GUILD, first.attempt_id, slot, [position], reviewer=BOB, now=NOW)
    assert added.added == (("alpha", "gamma"),)
    assert replay.added == () and replay.refused == (("alpha", "gamma", "it is already a keyword of that concept"),)
    assert overlay_rows(backend_url) == [(GUILD, 0, "tiny", "o1", "alpha", "gamma", ADMIN)]

    # A server that hid the built-in deck no longer sees the card: its old offer adds nothing either.
    second_slot, second_position = offered(decision, "alpha", "rays")
    await services.admin.set_deck_disabled(GUILD, "tiny", True)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):
        await services.admin.add_offered_keywords(GUILD, first.attempt_id, second_slot, [second_position],
                                                  reviewer=ADMIN, now=NOW)
    assert len(overlay_rows(backend_url)) == 1


async def test_reupload_keeps_the_overlay_where_card_and_concept_stay_and_removal_drops_it(
        backend_url: str, decks: dict[str, Deck]) -> None:
    url = backend_url
    services = await open_services(url, decks)
    text = "It will keep the results so later lookups feel snappier for everyone involved."
    try:
        await services.admin.upload_deck(GUILD, ADMIN, "shared.yaml", CLUB.encode(), now=NOW)
        first, decision = await appeal_accepted(services, GUILD, "shared", "two", text)
        slot, position = offered(decision, "faster reads", "snappier")
        await services.admin.add_offered_keywords(GUILD, first.attempt_id, slot, [position], reviewer=ADMIN, now=NOW)
        renamed = CLUB.replace("faster reads", "quick reads").replace("Explain caching", "Explain a cache")
        await services.admin.upload_deck(GUILD, ADMIN, "shared.yaml", renamed.encode(), now=NOW)
        graded = await services.recall.answer_open(Learner(BOB, GUILD), "shared", "two", text, now=NOW,
                                                   rng=random.Random(1))
        assert not hits(graded)["quick reads"]  # the concept it was added to is gone: the row is not applied
    finally:
        await services.close()

    services = await open_services(url, decks)  # a restart reads the overlay back from the database
    try:
        await services.admin.upload_deck(GUILD, ADMIN, "shared.yaml", CLUB.replace("Explain caching", "Why cache?")
                                         .encode(), now=NOW)
        graded = await services.recall.answer_open(Learner(BOB, GUILD), "shared", "two", text, now=NOW,
                                                   rng=random.Random(2), question_key="again")
        assert hits(graded)["faster reads"]  # the concept is back under its name: so is its added keyword
        await services.admin.remove_deck(GUILD, "shared")
        assert overlay_rows(backend_url) == []  # a removed upload takes its server's overlay with it
        await services.admin.upload_deck(GUILD, ADMIN, "shared.yaml", CLUB.encode(), now=NOW)
        fresh = await services.recall.answer_open(Learner(BOB, GUILD), "shared", "two", text, now=NOW,
                                                  rng=random.Random(3), question_key="fresh")
        assert not hits(fresh)["faster reads"]
    finally:
        await services.close()


async def test_the_deck_limits_hold_with_the_overlay(services: Services) -> None:
    many = "\n".join(f"          - word{n}" for n in range(48))  # 49 keywords with "faster"
    deck = CLUB.replace("        keywords: [faster]", f"        keywords:\n          - faster\n{many}")
    await services.admin.upload_deck(GUILD, ADMIN, "shared.yaml", deck.encode(), now=NOW)
    text = "It will keep the results so later lookups feel snappier and zippier for everyone involved."
    first, decision = await appeal_accepted(services, GUILD, "shared", "two", text)
    snappier = offered(decision, "faster reads", "snappier")
    zippier = offered(decision, "faster reads", "zippier")
    result = await services.admin.add_offered_keywords(GUILD, first.attempt_id, snappier[0], [snappier[1], zippier[1]],
                                                       reviewer=ADMIN, now=NOW)
    assert result.added == (("faster reads", "snappier"),)  # the 50th keyword; a 51st is refused
    assert result.refused[0][:2] == ("faster reads", "zippier") and "50 keywords" in result.refused[0][2]


async def test_member_deletion_takes_the_offer_and_clears_who_added(services: Services, backend_url: str) -> None:
    first, decision = await appeal_accepted(services, GUILD, "tiny", "o1", ANSWER)
    slot, position = offered(decision, "alpha", "gamma")
    await services.admin.add_offered_keywords(GUILD, first.attempt_id, slot, [position], reviewer=ALICE, now=NOW)
    deletion = await services.recall.delete_member_data(ALICE)
    assert deletion.removed["appeal_keyword_offers"] == len(decision.offer)
    assert overlay_rows(backend_url) == [(GUILD, 0, "tiny", "o1", "alpha", "gamma", None)]  # the server's keyword stays


async def test_an_added_misconception_is_stated_and_voids_its_concept(services: Services) -> None:
    await services.admin.add_misconception(
        GUILD, "tiny", "o1", Misconception(triggers=["gamma rays"], correction="Gamma rays are not it.",
                                           contradicts="alpha"), added_by=ADMIN, now=NOW)
    graded = await services.recall.answer_open(Learner(BOB, GUILD), "tiny", "o1", ALPHA_ANSWER, now=NOW,
                                               rng=random.Random(1))
    assert [m.correction for m in graded.grade.misconceptions] == ["Gamma rays are not it."]  # type: ignore[union-attr]
    assert not hits(graded)["alpha"]
    elsewhere = await services.recall.answer_open(Learner(BOB, OTHER), "tiny", "o1", ALPHA_ANSWER, now=NOW,
                                                  rng=random.Random(1))
    assert elsewhere.grade.misconceptions == () and hits(elsewhere)["alpha"]  # type: ignore[union-attr]
    with pytest.raises(InvalidSetting, match="no concept"):
        await services.admin.add_misconception(GUILD, "tiny", "o1", Misconception(
            triggers=["x"], correction="y", contradicts="gamma"), added_by=ADMIN, now=NOW)
    with pytest.raises(UnknownCard):
        await services.admin.add_misconception(GUILD, "tiny", "f1", Misconception(triggers=["x"], correction="y"),
                                               added_by=ADMIN, now=NOW)
