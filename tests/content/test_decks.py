"""The decks shipped in content/ load cleanly and give drills enough variety to rotate through."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.content.loader import load_decks
from bot.core.deck import LEVELS, ChoiceCard, OpenCard

REPOSITORY = Path(__file__).resolve().parents[2]
CONTENT = REPOSITORY / "content"
STUDY_DECKS = ("transformers-attention", "algorithms-complexity")


def test_content_check_passes_on_the_content_folder() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "content", "check", "content/"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""  # no errors and no warnings
    assert "0 error(s)" in result.stderr


def test_content_show_counts_cards_by_kind_and_level() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "content", "show", "algorithms-complexity"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Data structures and algorithm complexity (algorithms-complexity): 23 cards"
    assert lines[3].split() == ["flashcard", "4", "3", "2", "9"]
    assert lines[6].split() == ["total", "8", "9", "6", "23"]


def test_show_of_an_unknown_deck_lists_the_known_ones() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "content", "show", "no-such-deck"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "no deck 'no-such-deck'" in result.stderr and "algorithms-complexity" in result.stderr


@pytest.mark.parametrize("deck_id", STUDY_DECKS)
def test_study_deck_mixes_kinds_and_levels(deck_id: str) -> None:
    deck = load_decks([CONTENT]).decks[deck_id]
    assert len(deck.cards) >= 20
    assert {"flashcard", "choice", "open"} <= {card.kind for card in deck.cards}  # (cloze cards: optional)
    assert {card.level for card in deck.cards} == set(LEVELS)
    for card in deck.cards:
        if isinstance(card, OpenCard):
            assert 3 <= len(card.concepts) <= 5, card.id
            assert card.hint and card.model_answer, card.id
            assert all(len(concept.keywords) >= 3 for concept in card.concepts), card.id
        if isinstance(card, ChoiceCard):
            assert card.fits_poll, card.id
            assert 3 <= len(card.options) <= 4, card.id


def test_sample_deck_keeps_the_seed_items() -> None:
    deck = load_decks([CONTENT]).decks["model-optimization-nlp"]
    kinds = [card.kind for card in deck.cards]
    assert (kinds.count("flashcard"), kinds.count("choice"), kinds.count("open")) == (5, 5, 2)
