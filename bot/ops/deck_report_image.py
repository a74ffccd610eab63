"""`/deck report` as a picture: the worst cards as bars, the week-by-week trend, the most missed concepts.

Drawn for organisers beside a short text summary (the text carries the same headline figures for screen
readers; the CSV carries every card). Pure apart from Pillow, which is imported inside `render_deck_report`
only: importing this module costs nothing. The work is bounded: at most `WORST_CARDS` card rows, at most
52 weeks of trend, `TOP_CONCEPTS` concept lines, fixed width; texts (card ids, concept names, member
names) are cleaned and cut to their width by the scoreboard's helpers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.i18n.voice import say, say_date, say_marked
from bot.ops.palette import BACKGROUND, MUTED_TEXT, STRIPE, TEXT, TRACK
from bot.services.deck_report import PERIOD_WORDS, percent_text

if TYPE_CHECKING:
    from bot.services.deck_report import DeckReport

WORST_CARDS = 15
WIDTH = 800
PAD = 16
HEADER = 76
SECTION = 30  # a section's title line
CARD_ROW = 26
TREND_HEIGHT = 150
TREND_LABELS = 18
CONCEPT_ROW = 22
FOOTER = 16
LABEL_W = 250
NUMBER_W = 110

WEEK_LABEL = "dd MMM"  # i18n: not shown (a date pattern: "07 Sep", "07 sept.")

LOW, MIDDLE, HIGH = (237, 66, 69), (240, 178, 50), (59, 165, 93)

def accuracy_colour(accuracy: float) -> tuple[int, int, int]:
    """Red under 50 %, amber under 80 %, green from 80 %."""
    return LOW if accuracy < 0.5 else MIDDLE if accuracy < 0.8 else HIGH


def image_size(report: DeckReport, worst: int = WORST_CARDS) -> tuple[int, int]:
    cards = max(1, len(report.worst(worst)))
    concepts = max(1, len(report.missed_concepts))
    extra = 1 if report.named or report.exam else 0
    height = (HEADER + SECTION + cards * CARD_ROW + SECTION + TREND_HEIGHT + TREND_LABELS
              + SECTION + concepts * CONCEPT_ROW + extra * CONCEPT_ROW + FOOTER)
    return WIDTH, height


def render_deck_report(report: DeckReport, names: Mapping[int, str] | None = None, *,
                       worst: int = WORST_CARDS) -> bytes:
    """PNG bytes of the report. `names`: display names of `report.named` (members not found are left out)."""
    from bot.ops.font_fallback import drawable_language

    with drawable_language():
        return _draw(report, names, worst)


def _draw(report: DeckReport, names: Mapping[int, str] | None, worst: int) -> bytes:
    import io

    from PIL import Image, ImageDraw

    from bot.ops.scoreboard_image import _font, drawable

    names = names or {}
    rows = report.worst(min(worst, WORST_CARDS))
    width, height = image_size(report, worst)
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font, text_font, small_font = _font(20), _font(14), _font(12)

    draw.text((PAD, 12), drawable(say("{deck}: what the group misses", deck=report.title), title_font, WIDTH - 2 * PAD),
              fill=TEXT, font=title_font)
    headline = say("{period} · {answers} answers by {members} members · {share} right",
                   period=say_marked(PERIOD_WORDS[report.period]), answers=report.answered, members=report.members,
                   share=percent_text(report.accuracy))
    draw.text((PAD, 40), drawable(headline, text_font, WIDTH - 2 * PAD), fill=MUTED_TEXT, font=text_font)
    backlog = say("{behind} of {studying} members who study this deck here are behind on reviews", behind=report.behind,
                  studying=report.studying)
    draw.text((PAD, 58), drawable(backlog, text_font, WIDTH - 2 * PAD), fill=MUTED_TEXT, font=text_font)

    top = HEADER
    draw.text((PAD, top + 8), say("Worst cards (lowest share right, at most {most})", most=WORST_CARDS), fill=TEXT,
              font=text_font)
    top += SECTION
    bar_x, bar_w = PAD + LABEL_W + 8, WIDTH - 2 * PAD - LABEL_W - 8 - NUMBER_W - 8
    if not rows:
        draw.text((PAD, top + CARD_ROW // 2), say("No answers in this period."), fill=MUTED_TEXT, font=text_font,
                  anchor="lm")
    for index, card in enumerate(rows):
        middle = top + index * CARD_ROW + CARD_ROW // 2
        if index % 2 == 0:
            draw.rectangle((PAD // 2, middle - CARD_ROW // 2, WIDTH - PAD // 2 - 1, middle + CARD_ROW // 2 - 1),
                           fill=STRIPE)
        draw.text((PAD, middle), drawable(card.card_id, text_font, LABEL_W), fill=TEXT, font=text_font, anchor="lm")
        accuracy = card.accuracy or 0.0
        draw.rounded_rectangle((bar_x, middle - 6, bar_x + bar_w, middle + 6), radius=6, fill=TRACK)
        length = round(bar_w * accuracy)
        if length >= 2:
            draw.rounded_rectangle((bar_x, middle - 6, bar_x + length, middle + 6), radius=min(6, length // 2),
                                   fill=accuracy_colour(accuracy))
        draw.text((WIDTH - PAD, middle), f"{card.correct}/{card.answered} · {percent_text(card.accuracy)}",
                  fill=TEXT, font=text_font, anchor="rm")
    top += max(1, len(rows)) * CARD_ROW

    draw.text((PAD, top + 8), say("Week by week: answers (bar height), share right (colour and number)"),
              fill=TEXT, font=text_font)
    top += SECTION
    weeks = report.weeks
    most = max((week.answered for week in weeks), default=0)
    column = (WIDTH - 2 * PAD) / max(1, len(weeks))
    label_every = max(1, round(60 / column))  # a date label at least every 60 px
    base = top + TREND_HEIGHT
    draw.line((PAD, base, WIDTH - PAD, base), fill=TRACK, width=1)
    for index, week in enumerate(weeks):
        left = PAD + index * column
        centre = left + column / 2
        if week.answered and most:
            bar_height = max(2, round((TREND_HEIGHT - 18) * week.answered / most))
            draw.rectangle((left + column * 0.15, base - bar_height, left + column * 0.85, base - 1),
                           fill=accuracy_colour(week.accuracy or 0.0))
            if column >= 26:
                draw.text((centre, base - bar_height - 2), percent_text(week.accuracy), fill=TEXT, font=small_font,
                          anchor="mb")
        if (len(weeks) - 1 - index) % label_every == 0:
            draw.text((centre, base + 4), say_date(week.starts, WEEK_LABEL), fill=MUTED_TEXT, font=small_font,
                      anchor="mt")
    top = base + TREND_LABELS

    draw.text((PAD, top + 8), say("Most missed concepts (open answers given here, all time)"), fill=TEXT,
              font=text_font)
    top += SECTION
    if not report.missed_concepts:
        draw.text((PAD, top + CONCEPT_ROW // 2), say("No concept missed yet."), fill=MUTED_TEXT, font=text_font,
                  anchor="lm")
    for index, missed in enumerate(report.missed_concepts):
        middle = top + index * CONCEPT_ROW + CONCEPT_ROW // 2
        line = say("{concept} ({card}): missed {missed} of {seen}", concept=missed.concept, card=missed.card_id,
                   missed=missed.missed, seen=missed.seen)
        draw.text((PAD, middle), drawable(line, text_font, WIDTH - 2 * PAD), fill=TEXT, font=text_font, anchor="lm")
    top += max(1, len(report.missed_concepts)) * CONCEPT_ROW

    extras = []
    shown = [f"{names[member.user_id]} ({member.answered})" for member in report.named if member.user_id in names]
    if shown:
        extras.append(say("Most active: {members}", members=", ".join(shown)))
    if report.exam is not None:
        extras.append(say("Exam {day}: the group is predicted to recall {share} of the deck",
                          day=report.exam.exam_day.isoformat(), share=percent_text(report.exam.predicted_share)))
    if extras:
        draw.text((PAD, top + CONCEPT_ROW // 2), drawable(" · ".join(extras), small_font, WIDTH - 2 * PAD),
                  fill=MUTED_TEXT, font=small_font, anchor="lm")

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
