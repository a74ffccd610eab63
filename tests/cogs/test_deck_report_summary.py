"""`/deck report`'s text summary: the headline figures, the worst cards, and names only for the members the
service returned (those who appear on leaderboards), with their markdown escaped."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.cogs.admin.deck_report import summary
from bot.services.api import DeckRef
from bot.services.deck_report import CardLine, DeckReport, ExamOutlook, MissedConcept, NamedMember

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def report(**changes: object) -> DeckReport:
    cards = (CardLine("a", "open", 4, 1, 2, "x"), CardLine("b", "choice", 2, 2, 2, None),
             CardLine("c", "flashcard", 0, 0, 0, None))
    values: dict[str, object] = dict(
        guild_id=1, deck=DeckRef(0, "deck"), title="Deck *one*", period="term", since=None, now=NOW, cards=cards,
        answered=6, correct=3, members=2, weeks=(), missed_concepts=(MissedConcept("a", "x", 3, 4),),
        studying=5, behind=2, named=(NamedMember(7, 4, 1),))
    values.update(changes)
    return DeckReport(**values)  # type: ignore[arg-type]


def test_summary_lines() -> None:
    text = summary(report(), {7: "**Al**", 8: "Opted Out"})
    assert text.splitlines() == [
        "**Deck \\*one\\*** (`deck`), the last 16 weeks: 6 answers by 2 members, 50% right.",
        "Behind on reviews: 2 of the 5 members who study this deck here.",
        "Worst cards: `a` 1/4 (25%), `b` 2/2 (100%).",
        "Most missed concept: x (`a`, missed 3 of 4).",
        "Most active: \\*\\*Al\\*\\* (4) (members who appear on leaderboards).",
        "`deck-report.csv` has every card (3).",
    ]


def test_no_answers_no_names_and_the_exam_line() -> None:
    text = summary(report(answered=0, correct=0, members=0, named=(), missed_concepts=(),
                          exam=ExamOutlook(date(2026, 4, 1), 0.874, 5)), {})
    assert "the last 16 weeks: no answers in this server." in text
    assert "Most active" not in text and "Most missed" not in text
    assert "Exam 2026-04-01: the group is predicted to recall 87% of the deck." in text
