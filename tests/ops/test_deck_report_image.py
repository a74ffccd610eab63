"""The `/deck report` picture: a PNG of the size the layout says, with the worst cards' bars in their
accuracy colours, bounded for the largest deck, hostile names drawn safely, the exam line when present."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from PIL import Image

from bot.ops.deck_report_image import HIGH, LOW, WIDTH, WORST_CARDS, image_size, render_deck_report
from bot.services.api import DeckRef
from bot.services.deck_report import CardLine, DeckReport, ExamOutlook, MissedConcept, NamedMember, WeekLine

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def report(cards: int, weeks: int = 4, **changes: object) -> DeckReport:
    """`cards` open cards answered 10 times each, right 10, 9, ..., 0 times (then again); weeks at 40%."""
    lines = tuple(CardLine(f"card-{index}", "open", 10, 10 - index % 11, 3, "alpha") for index in range(cards))
    trend = tuple(WeekLine(NOW - timedelta(days=7 * (weeks - ago)), 5 * ago, 2 * ago, ago) for ago in range(weeks))
    built = DeckReport(1, DeckRef(0, "deck"), "Deck", "month", NOW - timedelta(weeks=weeks), NOW, lines,
                       sum(c.answered for c in lines), sum(c.correct for c in lines), 3, trend,
                       (MissedConcept("card-0", "alpha", 9, 10),), 3, 1, (NamedMember(7, 12, 6),))
    return replace(built, **changes) if changes else built  # type: ignore[arg-type]


def decode(png: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(png))
    picture.load()
    return picture.convert("RGB")


def test_the_picture_has_the_layout_size_and_coloured_bars() -> None:
    small = report(4)
    picture = decode(render_deck_report(small, {7: "Alice"}))
    assert picture.size == image_size(small) and picture.size[0] == WIDTH
    colours = {colour for _count, colour in picture.getcolors(maxcolors=1 << 20) or []}
    assert len(colours) > 20  # text, bars, stripes: not an empty canvas
    assert HIGH in colours  # card-0 (10/10) and card-1 (9/10) are green bars
    assert LOW in colours  # the weeks (40% right) are red bars


def test_the_largest_deck_draws_only_the_worst_cards() -> None:
    huge = report(2000, weeks=52)
    assert [card.card_id for card in huge.worst(2)] == ["card-10", "card-21"]  # 0/10 right, first in deck order
    assert image_size(huge) == image_size(report(WORST_CARDS, weeks=52))
    picture = decode(render_deck_report(huge))
    assert picture.size == image_size(huge)


def test_hostile_names_and_the_exam_line() -> None:
    exam = ExamOutlook(date(2026, 4, 1), 0.83, 12)
    hostile = report(3, exam=exam, title="\u202e\n" + "x" * 10_000)
    png = render_deck_report(hostile, {7: "@everyone\x00\n" + "ü" * 5000})
    assert decode(png).size == image_size(hostile)
    assert image_size(hostile)[1] == image_size(report(3))[1]  # the exam shares the footer line
