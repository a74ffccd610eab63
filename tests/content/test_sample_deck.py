"""The sample deck holds the seed page's 12 items, word for word where the seed has the words.

The seed (a copy of ../shared/seeds/recall-and-review-model-optimization.txt) lists five flashcards
(level, front, back, "Click to reveal answer"), five multiple-choice questions (question, "✗ Incorrect",
explanation; the options were lost in the copy) and two open questions (prompt, hint, "You got /5
concepts.").
"""

from pathlib import Path

from bot.content.loader import load_deck_file
from bot.core.deck import ChoiceCard, Flashcard, OpenCard

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "seeds" / "recall-and-review-model-optimization.txt"
DECK = ROOT / "content" / "model-optimization-nlp.yaml"


def _seed_items() -> tuple[list[tuple[str, str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[0] == "Recall & Review"
    flashcards, choices, opens = [], [], []
    i = 1
    while lines[i] in ("beginner", "intermediate", "advanced"):
        assert lines[i + 3] == "Click to reveal answer"
        flashcards.append((lines[i], lines[i + 1], lines[i + 2]))
        i += 4
    while i + 1 < len(lines) and lines[i + 1] == "✗ Incorrect":
        choices.append((lines[i], lines[i + 2]))
        i += 3
    while i < len(lines):
        assert lines[i + 2].startswith("You got /5 concepts")
        opens.append((lines[i], lines[i + 1]))
        i += 3
    return flashcards, choices, opens


def test_the_seed_parses_into_its_twelve_items() -> None:
    flashcards, choices, opens = _seed_items()
    assert (len(flashcards), len(choices), len(opens)) == (5, 5, 2)


def test_sample_deck_matches_the_seed_word_for_word() -> None:
    flashcards, choices, opens = _seed_items()
    loaded = load_deck_file(DECK)
    assert loaded.deck is not None, [str(p) for p in loaded.problems]
    cards = loaded.deck.cards

    deck_flashcards = [(c.level, c.front, c.back) for c in cards if isinstance(c, Flashcard)]
    assert deck_flashcards == flashcards

    deck_choices = [(c.question, c.explanation) for c in cards if isinstance(c, ChoiceCard)]
    assert deck_choices == choices

    deck_opens = [c for c in cards if isinstance(c, OpenCard)]
    assert [(c.prompt, c.hint) for c in deck_opens] == opens
    assert [len(c.concepts) for c in deck_opens] == [5, 5]


def test_sample_choice_cards_have_three_or_four_plausible_options() -> None:
    loaded = load_deck_file(DECK)
    assert loaded.deck is not None
    for card in loaded.deck.cards:
        if isinstance(card, ChoiceCard):
            assert 3 <= len(card.options) <= 4, card.id
            assert card.fits_poll, card.id
