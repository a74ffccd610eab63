"""The work count is deterministic: two counts in one process agree, and grading does some work."""

from __future__ import annotations

from benchmarks.grading.work_count import count_calls


def test_the_count_is_the_same_twice_and_cold_does_more() -> None:
    first, second = count_calls(), count_calls()
    assert first == second
    assert first["answers"] > 20
    assert first["cold_calls"] > first["warm_calls"] > first["answers"]
