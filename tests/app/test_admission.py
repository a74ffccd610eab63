"""Admission control: which interactions are refused before any work, and that the refusals are counted."""

from __future__ import annotations

import logging

import pytest

from bot.app.admission import BUSY, MAX_IN_FLIGHT, Admission, admission_from


def test_below_every_bound_an_interaction_is_admitted() -> None:
    admission = Admission(max_in_flight=4, budget_ms=1_500, lag_limit_ms=250)
    assert admission.decide(in_flight=3, lag_ms=100).admit


def test_the_in_flight_bound_refuses_the_next_one() -> None:
    admission = Admission(max_in_flight=4)
    verdict = admission.decide(in_flight=4, lag_ms=0)
    assert not verdict.admit and "4 in flight" in verdict.reason


def test_an_interaction_read_late_while_others_run_means_the_loop_is_behind_and_is_refused() -> None:
    admission = Admission(lag_limit_ms=250)
    assert admission.decide(in_flight=1, lag_ms=249).admit
    assert not admission.decide(in_flight=1, lag_ms=251).admit


def test_a_quiet_bot_never_answers_busy_whatever_the_network_delayed() -> None:
    """Discord's delivery varies; with nothing of ours in flight, lateness is not a backlog of ours
    (interactions past 2.5 s are dropped earlier, by bot.app.overload)."""
    admission = Admission()
    for _ in range(200):
        admission.observe(1_400)
    for lag in (0, 300, 600, 1_600, 2_400):
        assert admission.decide(in_flight=0, lag_ms=lag).admit


def test_the_expected_finish_past_the_budget_is_refused_only_while_others_are_in_flight() -> None:
    admission = Admission(budget_ms=1_500, lag_limit_ms=10_000)
    for _ in range(200):
        admission.observe(1_400)  # recent answers took 1.4 s from read to done
    assert admission.recent_ms == pytest.approx(1_400, rel=0.01)
    assert not admission.decide(in_flight=3, lag_ms=200).admit  # 0.2 + 1.4 s > 1.5 s
    assert admission.decide(in_flight=3, lag_ms=50).admit
    # Nothing ahead of it: the past says nothing about this one, and the average must be able to fall.
    assert admission.decide(in_flight=0, lag_ms=200).admit
    assert not admission.decide(in_flight=1, lag_ms=1_600).admit


def test_the_average_comes_down_once_answers_are_quick_again() -> None:
    admission = Admission(budget_ms=1_500, lag_limit_ms=10_000)
    for _ in range(200):
        admission.observe(2_000)
    assert not admission.decide(in_flight=1, lag_ms=0).admit
    for _ in range(100):
        admission.observe(5)
    assert admission.decide(in_flight=1, lag_ms=0).admit


def test_refusals_are_counted_and_logged_once_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    admission = Admission(max_in_flight=1, report_every=10, clock=lambda: now[0])
    verdict = admission.decide(in_flight=1, lag_ms=0)
    with caplog.at_level(logging.WARNING, logger="recall.admission"):
        for _ in range(5):
            admission.refused(verdict, "recall:quiz:pick")
        now[0] = 11.0
        admission.refused(verdict, "recall:quiz:pick")
    lines = [r.getMessage() for r in caplog.records]
    assert admission.shed == 6 and len(lines) == 2
    assert lines[0].startswith("shed 1 interaction(s)") and lines[1].startswith("shed 5 interaction(s)")
    assert "6 since start" in lines[1]


def test_the_busy_reply_says_nothing_was_recorded() -> None:
    assert BUSY.startswith("Recall is busy") and "wasn't recorded" in BUSY


def test_the_bound_comes_from_the_environment_and_bad_values_are_refused() -> None:
    assert admission_from({}).max_in_flight == MAX_IN_FLIGHT
    assert admission_from({"RECALL_MAX_IN_FLIGHT": " 8 "}).max_in_flight == 8
    for bad in ("0", "-3", "lots", "1e9"):
        with pytest.raises(ValueError, match="RECALL_MAX_IN_FLIGHT"):
            admission_from({"RECALL_MAX_IN_FLIGHT": bad})
