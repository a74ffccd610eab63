"""Cloze gaps as cards on each backend (SQLite, PostgreSQL): drawn, rated, typed, reviewed and scoped per gap."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from bot.core.deck import ClozeGap
from bot.core.errors import UnknownCard
from bot.core.srs import FlashRating
from bot.services.api import UNAVAILABLE, Learner
from bot.services.bundle import Services
from tests.services import stored
from tests.services.conftest import NOW

A, B, ADMIN = 1001, 2002, 9
ALICE, MALLORY = 101, 666
DECK = """id: cells
title: Cells
cards:
  - id: cell
    kind: cloze
    level: beginner
    text: "{{c1::Mitochondria}} make {{c2::ATP::energy molecule}}, and {{c1::mitochondria}} have DNA"
    extra: Found in most eukaryotic cells.
  - id: plain
    kind: flashcard
    level: beginner
    front: Front?
    back: Back
"""


def rows(url: str, user_id: int) -> list[tuple[object, ...]]:
    return stored.rows(url, "SELECT card_id, kind, correct, answer_text, rating FROM attempts WHERE user_id = ? "
                            "ORDER BY id", (user_id,))


@pytest.fixture
async def cells(services: Services) -> Services:
    await services.admin.upload_deck(A, ADMIN, "cells.yaml", DECK.encode(), now=NOW)
    return services


async def test_drills_draw_each_gap_as_its_own_card(cells: Services, rng: random.Random) -> None:
    learner = Learner(ALICE, A)
    drawn = [await cells.recall.next_card(learner, now=NOW, rng=rng, deck_id="cells", kind="cloze") for _ in range(2)]
    assert sorted(d.card.id for d in drawn) == ["cell:c1", "cell:c2"]  # one card per gap number, no repeat
    gap = next(d.card for d in drawn if d.card.id == "cell:c1")
    assert isinstance(gap, ClozeGap)
    assert gap.blanked == "[...] make ATP, and [...] have DNA"  # both occurrences of c1 together
    assert gap.answers == ("Mitochondria", "mitochondria")
    flash = {(await cells.recall.next_card(learner, now=NOW, rng=rng, deck_id="cells", kind="flashcard")).card.id
             for _ in range(6)}
    assert flash == {"plain", "cell:c1", "cell:c2"}  # /flashcard draws gaps beside flashcards
    summary = next(d for d in cells.catalogue.decks(A) if d.id == "cells")
    assert summary.by_kind == {"cloze": 1, "flashcard": 1}


async def test_a_gap_is_rated_and_typed_per_gap_and_reviewed_per_gap(
        cells: Services, rng: random.Random, backend_url: str) -> None:
    learner = Learner(ALICE, A)
    rated = await cells.recall.rate_flashcard(learner, "cells", "cell:c2", FlashRating.GOOD, now=NOW, rng=rng,
                                              question_key="k1")
    assert rated.kind == "cloze" and rated.correct and rated.card_id == "cell:c2" and rated.next_review is not None
    typed = await cells.recall.answer_cloze(learner, "cells", "cell:c1", "mitochondira", now=NOW, rng=rng,
                                            question_key="k2")
    assert typed.correct and typed.cloze is not None and typed.points == 10
    assert [(w.word, w.matched, w.typed) for w in typed.cloze.words] == [("Mitochondria", True, "mitochondira")]
    wrong = await cells.recall.answer_cloze(learner, "cells", "cell:c2", "ADP", now=NOW, rng=rng, question_key="k3")
    assert not wrong.correct and wrong.points == 1
    assert rows(backend_url, ALICE) == [("cell:c2", "cloze", 1, None, 3), ("cell:c1", "cloze", 1, "mitochondira", None),
                                     ("cell:c2", "cloze", 0, "ADP", None)]
    later = NOW + timedelta(days=400)
    due = await cells.recall.due_cards(learner, now=later)
    assert sorted(card.card_id for card in due) == ["cell:c1", "cell:c2"]  # FSRS state per gap
    assert all(isinstance(card.card, ClozeGap) for card in due)


async def test_forged_and_foreign_gap_ids_are_no_longer_available(
        cells: Services, rng: random.Random, backend_url: str) -> None:
    for forged in ("cell:c99", "cell:c0", "cell:c1:c1", "cell:c01", "cell", "plain:c1", "cell:C1", "cell:c3"):
        with pytest.raises(UnknownCard, match=UNAVAILABLE):
            await cells.recall.find_card(Learner(ALICE, A), "cells", forged)
        with pytest.raises(UnknownCard, match=UNAVAILABLE):
            await cells.recall.answer_cloze(Learner(ALICE, A), "cells", forged, "x", now=NOW, rng=rng)
        with pytest.raises(UnknownCard, match=UNAVAILABLE):
            await cells.recall.rate_flashcard(Learner(ALICE, A), "cells", forged, FlashRating.GOOD, now=NOW, rng=rng)
    # A's deck from server B, or from a DM by a member who never studied in A
    for learner, owner in ((Learner(MALLORY, B), None), (Learner(MALLORY, B), A), (Learner(MALLORY, None), A)):
        with pytest.raises(UnknownCard, match=UNAVAILABLE):
            await cells.recall.answer_cloze(learner, "cells", "cell:c1", "mitochondria", now=NOW, rng=rng,
                                            deck_guild=owner)
    assert rows(backend_url, ALICE) == [] and rows(backend_url, MALLORY) == []


async def test_a_dm_reaches_a_server_s_gap_for_a_member_who_studies_there(cells: Services, rng: random.Random) -> None:
    await cells.recall.answer_cloze(Learner(ALICE, A), "cells", "cell:c2", "atp", now=NOW, rng=rng)
    outcome = await cells.recall.answer_cloze(Learner(ALICE, None), "cells", "cell:c1", "Mitochondria", now=NOW,
                                              rng=rng, deck_guild=A)
    assert outcome.correct
    due = await cells.recall.due_cards(ALICE, now=NOW + timedelta(days=400))
    assert {card.card_id for card in due} == {"cell:c1", "cell:c2"}


async def test_a_hostile_typed_answer_is_clipped_and_graded(cells: Services, rng: random.Random) -> None:
    answer = "mitochondria " + "x" * 10_000
    outcome = await cells.recall.answer_cloze(Learner(ALICE, A), "cells", "cell:c1", answer, now=NOW, rng=rng)
    assert outcome.cloze is not None and outcome.cloze.words[0].matched


async def test_a_drill_round_draws_every_gap_and_card_once_then_starts_again(
        services: Services, rng: random.Random) -> None:
    deck = "id: many\ntitle: Many\ncards:\n" + "".join(
        f"  - id: k{i}\n    kind: cloze\n    level: beginner\n    text: \"{{{{c1::a{i}}}}} {{{{c2::b{i}}}}} {{{{c3::c{i}}}}}\"\n"
        for i in range(4)) + "  - id: f\n    kind: flashcard\n    level: beginner\n    front: F\n    back: B\n"
    await services.admin.upload_deck(A, ADMIN, "many.yaml", deck.encode(), now=NOW)
    learner = Learner(ALICE, A)
    drawn = [await services.recall.next_card(learner, now=NOW, rng=rng, deck_id="many") for _ in range(13)]
    ids = [d.card.id for d in drawn]
    assert sorted(ids) == sorted([f"k{i}:c{n}" for i in range(4) for n in (1, 2, 3)] + ["f"])  # each once
    assert [d.remaining for d in drawn] == list(range(12, -1, -1)) and not any(d.new_round for d in drawn)
    again = await services.recall.next_card(learner, now=NOW, rng=rng, deck_id="many")
    assert again.new_round and again.card.id != ids[-1] and again.remaining == 12


SPANISH_DECK = """id: celulas
title: Células
language: es
cards:
  - id: mito
    kind: cloze
    level: beginner
    text: "Las {{c1::mitocondrias}} producen energía por {{c2::respiración celular}}"
"""


async def test_a_gap_of_a_spanish_deck_is_read_by_the_spanish_rules(services: Services, rng: random.Random) -> None:
    await services.admin.upload_deck(A, ADMIN, "celulas.yaml", SPANISH_DECK.encode(), now=NOW)
    learner = Learner(ALICE, A)
    typed = await services.recall.answer_cloze(learner, "celulas", "mito:c2", "respiracion celular", now=NOW,
                                               rng=rng, question_key="es1")  # typed without the accent
    assert typed.correct and typed.cloze is not None
    assert [(w.word, w.matched) for w in typed.cloze.words] == [("respiración celular", True)]  # as the deck writes it
    singular = await services.recall.answer_cloze(learner, "celulas", "mito:c1", "la mitocondria", now=NOW, rng=rng,
                                                  question_key="es2")  # the Spanish stem
    assert singular.correct
    wrong = await services.recall.answer_cloze(learner, "celulas", "mito:c1", "los ribosomas", now=NOW, rng=rng,
                                               question_key="es3")
    assert not wrong.correct
