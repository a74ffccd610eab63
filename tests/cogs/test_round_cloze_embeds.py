"""How a cloze gap looks in a round: blanked in the question, its words in the close, and a member's
private receipt that never names a word they missed."""

from __future__ import annotations

from bot.cogs.rounds.embeds import answer_text, card_text
from bot.cogs.rounds.views import cloze_receipt, question_buttons
from bot.core.cloze_grading import grade_gap
from bot.core.deck import ClozeCard, ClozeGap
from bot.services.rounds import RoundAnswer

CARD = ClozeCard(id="cell", kind="cloze", level="beginner", extra="Most eukaryotic cells have them.",
                 text="{{c1::Mitochondria}} make {{c2::ATP::energy molecule}} for the cell")


def test_the_question_blanks_the_gap_and_the_close_names_its_words() -> None:
    gap = ClozeGap(card=CARD, number=2)
    assert card_text(gap) == "Mitochondria make [energy molecule] for the cell"
    shown = answer_text(gap)
    assert shown.startswith("**Missing words:** ATP\n")
    assert "Mitochondria make **ATP** for the cell" in shown and "Most eukaryotic cells" in shown
    (row,) = question_buttons(7, 3, gap, ()).to_components()
    assert [c["custom_id"] for c in row["components"]] == ["recall:round:7:3:za"]


def test_the_receipt_names_an_accepted_typo_and_hides_missed_words() -> None:
    gap = ClozeGap(card=CARD, number=1)
    typo = RoundAnswer(gap, True, 88, False, False, cloze=grade_gap("mitocondria", gap.answers))
    assert cloze_receipt(typo) == "✓ Right: +88 points. (accepted: “mitocondria” for Mitochondria)"
    wrong = RoundAnswer(gap, False, 0, False, False, cloze=grade_gap("ribosomes", gap.answers))
    assert "0 of 1 words" in cloze_receipt(wrong) and "Mitochondria" not in cloze_receipt(wrong)
