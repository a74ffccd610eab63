"""The `review` pick: the card the group has most likely forgotten, checked against fsrs's own retrievability."""

import math
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from bot.core.group_pick import (
    CardMemory,
    explain,
    forgetting_curve,
    group_memory,
    is_new_material_turn,
    parse_pick,
    pick_review_card,
    retrievability,
)
from bot.core.schedule_rule import ScheduleRuleError
from bot.core.srs import SrsState

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DECK_ORDER = ["a", "b", "c", "d", "e"]


def state(stability: float, days_ago: float, difficulty: float = 5.0) -> SrsState:
    reviewed = NOW - timedelta(days=days_ago)
    return SrsState(state=2, step=None, stability=stability, difficulty=difficulty,
                    due=reviewed + timedelta(days=stability), last_review=reviewed)


# Three members' states (card id, state); card d and e: nobody has seen them.
STATES = [
    ("a", state(2.0, 5.2)), ("a", state(10.0, 3.0)),                      # member 1 and 2
    ("b", state(1.0, 10.0)),                                              # member 1 only
    ("c", state(30.0, 1.5)), ("c", state(30.0, 1.0)), ("c", state(4.0, 20.0)),  # all three
]


def independent_r(s: SrsState) -> float:
    """Retrievability straight from a fresh fsrs scheduler, on an fsrs.Card (not through the module)."""
    card = fsrs.Card(card_id=7, state=fsrs.State.Review, step=None, stability=s.stability,
                     difficulty=s.difficulty, due=s.due, last_review=s.last_review)
    return fsrs.Scheduler().get_card_retrievability(card, NOW)


def expected_scores() -> dict[str, float]:
    by_card: dict[str, list[float]] = {}
    for card_id, s in STATES:
        by_card.setdefault(card_id, []).append(independent_r(s))
    return {card: sum(1 - r for r in rs) / len(rs) * math.log(1 + len(rs)) for card, rs in by_card.items()}


def test_retrievability_is_fsrs_own_and_the_curve_constants_reproduce_it() -> None:
    curve = forgetting_curve()
    for _card, s in STATES:
        assert retrievability(s, NOW) == pytest.approx(independent_r(s), abs=1e-12)
        assert s.last_review is not None and s.stability is not None
        days = (NOW - s.last_review).days  # whole days, as fsrs counts them
        assert (1 + curve.factor * days / s.stability) ** curve.decay == pytest.approx(independent_r(s), abs=1e-12)


def test_the_pick_is_the_highest_exact_score() -> None:
    scores = expected_scores()
    # Written out: a = mean(1-R(2.0, 5d), 1-R(10, 3d)) * ln 3; b = (1-R(1.0, 10d)) * ln 2; c: three members.
    expected = max(DECK_ORDER[:3], key=lambda card: (scores[card], -DECK_ORDER.index(card)))
    assert expected == "b"  # one member who has nearly forgotten it beats the others here
    memory = group_memory(STATES, NOW)
    assert {card: m.score for card, m in memory.items()} == pytest.approx(scores, abs=1e-12)
    pick = pick_review_card(DECK_ORDER, memory, post_number=1)
    assert pick is not None and pick.card_id == "b" and pick.reason == "memory"
    assert pick.members == 1
    assert pick.retention == pytest.approx(independent_r(STATES[2][1]), abs=1e-12)


def test_many_members_weigh_more_than_one_at_the_same_forgetting() -> None:
    forgotten = state(1.0, 10.0)
    states = [("a", forgotten), ("b", forgotten), ("b", forgotten), ("b", forgotten)]
    pick = pick_review_card(DECK_ORDER, group_memory(states, NOW), post_number=1)
    one_r = independent_r(forgotten)
    assert (1 - one_r) * math.log(4) > (1 - one_r) * math.log(2)
    assert pick is not None and pick.card_id == "b" and pick.members == 3


def test_every_fifth_post_is_the_first_unseen_card_in_deck_order() -> None:
    memory = group_memory(STATES, NOW)
    assert [n for n in range(1, 21) if is_new_material_turn(n)] == [5, 10, 15, 20]
    for number in (5, 10):
        pick = pick_review_card(DECK_ORDER, memory, post_number=number)
        assert pick is not None and (pick.card_id, pick.reason, pick.retention) == ("d", "new", None)
    for number in (4, 6, 9):
        pick = pick_review_card(DECK_ORDER, memory, post_number=number)
        assert pick is not None and pick.card_id == "b"
    # an unseen card the schedule already posted (nobody answered it) gives way to the next one
    pick = pick_review_card(DECK_ORDER, memory, post_number=10, posted_before={"d"})
    assert pick is not None and pick.card_id == "e"
    # all unseen cards posted already: the first unseen card again
    pick = pick_review_card(DECK_ORDER, memory, post_number=15, posted_before={"d", "e"})
    assert pick is not None and pick.card_id == "d"


def test_a_new_material_turn_with_nothing_unseen_posts_the_best_seen_card() -> None:
    pick = pick_review_card(["a", "b", "c"], group_memory(STATES, NOW), post_number=5)
    assert pick is not None and (pick.card_id, pick.reason) == ("b", "memory")


def test_nobody_has_seen_anything_posts_unseen_cards_in_deck_order() -> None:
    for number in (1, 2, 5):
        pick = pick_review_card(DECK_ORDER, {}, post_number=number)
        assert pick is not None and (pick.card_id, pick.reason) == ("a", "unseen")
    pick = pick_review_card(DECK_ORDER, {}, post_number=2, posted_before={"a", "b"})
    assert pick is not None and pick.card_id == "c"
    assert pick_review_card([], {}, post_number=1) is None


def test_ties_go_to_deck_order() -> None:
    same = CardMemory(members=2, forgetting=0.5)
    memory = {"c": same, "b": same, "d": same}
    pick = pick_review_card(DECK_ORDER, memory, post_number=1)
    assert pick is not None and pick.card_id == "b"
    # all retention 100% (score 0): still the first seen card in deck order
    perfect = {"e": CardMemory(3, 0.0), "c": CardMemory(1, 0.0)}
    pick = pick_review_card(DECK_ORDER, perfect, post_number=1, last_posted=None)
    assert pick is not None and pick.card_id == "c"


def test_yesterdays_card_is_passed_over_while_another_scores_above_zero() -> None:
    memory = {"a": CardMemory(4, 2.0), "b": CardMemory(4, 0.4), "c": CardMemory(4, 0.0)}
    pick = pick_review_card(DECK_ORDER, memory, post_number=2, last_posted="a")
    assert pick is not None and pick.card_id == "b"
    # nothing else scores above 0: yesterday's card again
    memory = {"a": CardMemory(4, 2.0), "c": CardMemory(4, 0.0)}
    pick = pick_review_card(DECK_ORDER, memory, post_number=2, last_posted="a")
    assert pick is not None and pick.card_id == "a"


def test_only_eligible_cards_are_picked() -> None:
    memory = group_memory(STATES, NOW)
    pick = pick_review_card(["a", "c"], memory, post_number=1)
    scores = expected_scores()
    assert pick is not None and pick.card_id == ("a" if scores["a"] >= scores["c"] else "c")


def test_unreviewed_states_count_as_unseen() -> None:
    fresh = SrsState(state=1, step=0, stability=None, difficulty=None, due=NOW, last_review=None)
    assert group_memory([("a", fresh)], NOW) == {}


def test_explanation_lines() -> None:
    assert explain("memory", 14, 0.6149) == "retention 61% across 14 members"
    assert explain("memory", 1, 0.5) == "retention 50% across 1 member"
    assert explain("new", 0, None) == "new material (1 in 5)"
    assert explain("unseen", 0, None) == "new material (no member has seen these cards yet)"
    assert explain(None, None, None) is None


def test_parse_pick() -> None:
    assert parse_pick(None) == "rotation"
    assert parse_pick(" Review ") == "review"
    with pytest.raises(ScheduleRuleError):
        parse_pick("random")
