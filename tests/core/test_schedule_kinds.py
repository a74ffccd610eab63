"""Which cards a schedule kind may post, and in which form (native poll or buttons)."""

from datetime import UTC, datetime

import pytest

from bot.content.validation import validate_deck
from bot.core.schedule_kinds import (
    SCHEDULE_KINDS,
    eligible_card_ids,
    parse_kind,
    parse_level,
    poll_closes_at,
    post_form,
)
from bot.core.schedule_rule import ScheduleRuleError

OPTIONS = [{"text": "Right", "correct": True}, {"text": "Wrong"}]
DECK = validate_deck(
    {
        "id": "sample",
        "title": "Sample",
        "cards": [
            {"id": "f1", "kind": "flashcard", "level": "beginner", "front": "Front?", "back": "Back."},
            {
                "id": "c1",
                "kind": "choice",
                "level": "beginner",
                "question": "Q?",
                "options": OPTIONS,
                "explanation": "E.",
            },
            {
                "id": "c-long",
                "kind": "choice",
                "level": "advanced",
                "question": "Q" * 301,
                "options": OPTIONS,
                "explanation": "Too long for a poll.",
            },
            {
                "id": "o1",
                "kind": "open",
                "level": "intermediate",
                "prompt": "Explain.",
                "concepts": [{"name": "Idea", "keywords": ["idea"]}],
            },
        ],
    }
)


@pytest.mark.parametrize(
    ("kind", "level", "ids"),
    [
        ("flashcard", None, ["f1"]),
        ("choice", None, ["c1", "c-long"]),
        ("poll", None, ["c1", "c-long"]),
        ("open", None, ["o1"]),
        ("mixed", None, ["f1", "c1", "c-long", "o1"]),
        ("mixed", "beginner", ["f1", "c1"]),
        ("poll", "advanced", ["c-long"]),
        ("open", "beginner", []),
    ],
)
def test_eligible_cards_follow_kind_and_level(kind: str, level: str | None, ids: list[str]) -> None:
    assert eligible_card_ids(DECK, parse_kind(kind), parse_level(level)) == ids


def test_a_poll_schedule_posts_cards_that_do_not_fit_as_buttons() -> None:
    assert post_form(DECK.cards[1], "poll") == "poll"
    assert post_form(DECK.cards[2], "poll") == "choice"
    assert post_form(DECK.cards[1], "mixed") == "choice"
    assert post_form(DECK.cards[0], "mixed") == "flashcard"
    assert post_form(DECK.cards[3], "open") == "open"


def test_kinds_and_levels_parse_case_insensitively_and_refuse_others() -> None:
    assert [parse_kind(k.upper()) for k in SCHEDULE_KINDS] == list(SCHEDULE_KINDS)
    assert parse_level(" Advanced ") == "advanced" and parse_level("") is None
    with pytest.raises(ScheduleRuleError, match="flashcard, choice, poll, open, mixed"):
        parse_kind("quiz")
    with pytest.raises(ScheduleRuleError, match="beginner, intermediate, advanced"):
        parse_level("expert" * 1000)


def test_a_poll_closes_after_its_hours() -> None:
    posted = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    assert poll_closes_at(posted, 24) == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    assert poll_closes_at(posted, 768) == datetime(2026, 4, 29, 8, 0, tzinfo=UTC)
