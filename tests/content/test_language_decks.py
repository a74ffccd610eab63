"""The sample decks in Spanish, German and Japanese load with their language, and their open cards are
graded with that language's rules (bot/core/languages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import load_decks
from bot.core.deck import Deck, OpenCard
from bot.core.grading import grade_card

ROOT = Path(__file__).resolve().parents[2]

# (deck, card, answer, expected verdicts: 1 credited, 0 not, n denied)
CASES = [
    ("es-sobreajuste", "que-es-sobreajuste",
     "El modelo memoriza el ruido de los datos de entrenamiento y generaliza mal a datos nuevos.", "110"),
    ("es-sobreajuste", "como-evitar-sobreajuste",
     "Se puede usar dropout para apagar neuronas, pero no sirve la regularizacion L2 en este caso.", "0n10"),
    ("de-treibhauseffekt", "natuerlicher-treibhauseffekt",
     "Die Erde strahlt keine Wärmestrahlung ab, aber CO2 und Wasserdampf halten Wärme zurück.", "0n10"),
    ("de-treibhauseffekt", "menschengemachter-treibhauseffekt",
     "Beim Verbrennen von Kohle entsteht mehr CO2, dadurch steigt die Temperatur und es kommt zur Erderwaermung.",
     "101"),
    ("ja-nibun-tansaku", "nibun-tansaku-shikumi",
     "整列された配列の真ん中の値と比べて、半分を捨てることを繰り返す。", "111"),
    ("ja-nibun-tansaku", "nibun-tansaku-shikumi",
     "配列は整列していなくてもよい。真ん中の値と比べて探す。", "n10"),
]


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    return dict(load_decks([ROOT / "content"]).decks)


def test_the_sample_decks_say_their_language(decks: dict[str, Deck]) -> None:
    languages = {deck_id: decks[deck_id].language for deck_id in
                 ("es-sobreajuste", "de-treibhauseffekt", "ja-nibun-tansaku", "transformers-attention")}
    assert languages == {"es-sobreajuste": "es", "de-treibhauseffekt": "de", "ja-nibun-tansaku": "ja",
                         "transformers-attention": "en"}


@pytest.mark.parametrize(("deck", "card", "answer", "expected"), CASES)
def test_sample_cards_are_graded_in_their_language(
    decks: dict[str, Deck], deck: str, card: str, answer: str, expected: str
) -> None:
    found = decks[deck].card(card)
    assert isinstance(found, OpenCard)
    result = grade_card(answer, found)
    assert "".join("1" if v.hit else ("n" if v.negated else "0") for v in result.concepts) == expected, result.to_json()
