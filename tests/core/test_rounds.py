"""The live rounds' points rule, ranks with ties, team totals and early closes (bot.core.rounds)."""

from __future__ import annotations

import random

import pytest

from bot.core import rounds


def test_choice_points_scale_with_the_time_left() -> None:
    assert rounds.choice_points(True, 20_000, 20_000) == 100  # answered at once
    assert rounds.choice_points(True, 10_000, 20_000) == 75
    assert rounds.choice_points(True, 0, 20_000) == 50  # at the buzzer
    assert rounds.choice_points(True, 5_000, 20_000) == round(100 * (0.5 + 0.5 * 5 / 20)) == 62  # 62.5, halves to even
    assert rounds.choice_points(True, 15_000, 20_000) == 88  # 87.5 -> 88
    assert rounds.choice_points(True, 13_333, 20_000) == 83
    assert rounds.choice_points(False, 20_000, 20_000) == 0


def test_time_left_outside_the_question_is_clamped() -> None:
    assert rounds.choice_points(True, -3_000, 20_000) == 50
    assert rounds.choice_points(True, 90_000, 20_000) == 100


def test_flashcard_claims_are_flat() -> None:
    assert rounds.flashcard_points(True) == 50
    assert rounds.flashcard_points(False) == 0


def test_open_points_by_concepts_and_speed() -> None:
    assert rounds.open_points(3, 3, 30_000, 30_000) == 100
    assert rounds.open_points(2, 4, 30_000, 30_000) == 50
    assert rounds.open_points(2, 4, 15_000, 30_000) == round(100 * 2 / 4 * 0.75) == 38  # 37.5 -> 38
    assert rounds.open_points(1, 3, 0, 30_000) == round(100 / 3 * 0.5) == 17
    assert rounds.open_points(0, 3, 30_000, 30_000) == 0
    assert rounds.open_points(5, 0, 30_000, 30_000) == 0
    assert rounds.open_points(9, 3, 30_000, 30_000) == 100  # hits never exceed the concepts


def test_equal_totals_share_a_rank_and_the_next_skips() -> None:
    ranked = rounds.rank({1: 80, 2: 100, 3: 80, 4: 50}, order={1: "bob", 3: "alice"})
    assert [(r.rank, r.key, r.points) for r in ranked] == [(1, 2, 100), (2, 3, 80), (2, 1, 80), (4, 4, 50)]
    assert [r.rank for r in rounds.rank({1: 0, 2: 0})] == [1, 1]
    assert rounds.rank({}) == []


def test_team_totals_count_joined_members_only() -> None:
    points = {10: 100, 11: 75, 12: 50, 13: 999}
    teams = {10: 1, 11: 2, 12: 1}
    assert rounds.team_totals(points, teams, 2) == {1: 150, 2: 75}
    assert rounds.team_totals({}, {10: 1}, 3) == {1: 0, 2: 0, 3: 0}
    assert [(r.rank, r.key) for r in rounds.rank(rounds.team_totals({10: 50, 11: 50}, {10: 1, 11: 2}, 2))] == [(1, 1), (1, 2)]


def test_a_question_closes_early_when_everyone_expected_answered() -> None:
    assert rounds.closes_early({1, 2, 3}, {1, 2})
    assert not rounds.closes_early({1}, {1, 2})
    assert not rounds.closes_early({1, 2}, set())  # nobody expected: the timer closes it


def test_pick_cards_is_distinct_and_bounded() -> None:
    ids = [f"c{n}" for n in range(8)]
    picked = rounds.pick_cards(ids, 5, random.Random(1))
    assert len(picked) == 5 and len(set(picked)) == 5 and set(picked) <= set(ids)
    assert sorted(rounds.pick_cards(ids, 50, random.Random(1))) == sorted(ids)


def test_most_missed_orders_and_drops_questions_nobody_missed() -> None:
    assert rounds.most_missed({0: 1, 1: 3, 2: 0, 3: 3, 4: 2}, limit=3) == [(1, 3), (3, 3), (4, 2)]


@pytest.mark.parametrize(("questions", "seconds", "teams", "ok"), [
    (5, 10, 0, True), (50, 120, 4, True), (4, 20, 0, False), (51, 20, 0, False),
    (10, 9, 0, False), (10, 121, 0, False), (10, 20, 1, False), (10, 20, 5, False),
])
def test_settings_bounds(questions: int, seconds: int, teams: int, ok: bool) -> None:
    assert (rounds.valid_settings(questions, seconds, teams) is None) is ok


def test_who_may_start_a_round() -> None:
    assert rounds.may_start(None, [], manage_server=True)
    assert not rounds.may_start(None, [5], manage_server=False)
    assert rounds.may_start(5, [4, 5], manage_server=False)
    assert not rounds.may_start(5, [4], manage_server=False)


def test_a_typed_cloze_gap_earns_by_speed_like_a_choice() -> None:
    assert rounds.cloze_points(True, 20_000, 20_000) == 100
    assert rounds.cloze_points(True, 15_000, 20_000) == 88  # 87.5 -> 88
    assert rounds.cloze_points(True, 0, 20_000) == 50
    assert rounds.cloze_points(False, 20_000, 20_000) == 0
    assert "cloze" in rounds.ROUND_KINDS
