"""Schedule settings as admins type them: accepted forms, canonical texts, and readable refusals."""

import dataclasses
from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import InvalidSetting, InvalidTimezone, RecallError
from bot.core.schedule_rule import (
    ALL_DAYS,
    WEEKDAYS,
    ScheduleRule,
    ScheduleRuleError,
    UnknownTimezone,
    format_days,
    parse_days,
    parse_time,
    parse_timezone,
    suggest_timezones,
    timezone_choices,
    timezone_names,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:00", time(8, 0)),
        ("8:00", time(8, 0)),
        (" 23:59 ", time(23, 59)),
        ("00:00", time(0, 0)),
        ("7:05", time(7, 5)),
    ],
)
def test_times_in_hh_mm_are_accepted(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("24:00", "00:00 to 23:59"),
        ("12:60", "00:00 to 23:59"),
        ("8am", "HH:MM"),
        ("08:00:30", "HH:MM"),
        ("", "HH:MM"),
        ("８:００", "HH:MM"),  # full-width digits are not silently read as a time
        ("-1:00", "HH:MM"),
    ],
)
def test_bad_times_are_refused_with_the_accepted_form(text: str, message_part: str) -> None:
    with pytest.raises(ScheduleRuleError, match=message_part):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daily", ALL_DAYS),
        ("", ALL_DAYS),
        ("Weekdays", WEEKDAYS),
        ("weekends", frozenset({5, 6})),
        ("mon,wed,fri", frozenset({0, 2, 4})),
        ("Mon, Wed ,FRI", frozenset({0, 2, 4})),
        ("tuesday thursday", frozenset({1, 3})),
        ("mon-fri", WEEKDAYS),
        ("sat-mon", frozenset({5, 6, 0})),
        ("sun", frozenset({6})),
        ("mon,mon", frozenset({0})),
    ],
)
def test_day_forms(text: str, expected: frozenset[int]) -> None:
    assert parse_days(text) == expected


@pytest.mark.parametrize("text", ["mon,funday", "mo", "monday-someday", ",,,", "1,2"])
def test_unknown_days_are_refused_naming_the_bad_part(text: str) -> None:
    with pytest.raises(ScheduleRuleError) as error:
        parse_days(text)
    assert "mon,wed,fri" in str(error.value)


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (ALL_DAYS, "daily"),
        (WEEKDAYS, "weekdays"),
        (frozenset({4, 0, 2}), "mon,wed,fri"),
        (frozenset({6}), "sun"),
    ],
)
def test_days_have_one_canonical_text_that_parses_back(days: frozenset[int], text: str) -> None:
    assert format_days(days) == text
    assert parse_days(text) == days


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Europe/London", "Europe/London"),
        ("europe/london", "Europe/London"),
        ("America/New York", "America/New_York"),
        (" Asia/Kolkata ", "Asia/Kolkata"),
        ("australia/lord_howe", "Australia/Lord_Howe"),
        ("UTC", "UTC"),
    ],
)
def test_timezones_match_without_regard_to_case_or_spaces(typed: str, canonical: str) -> None:
    assert parse_timezone(typed) == canonical


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("Europe/Londn", "Europe/London"),
        ("London", "Europe/London"),
        ("new york", "America/New_York"),
        ("America/NewYork", "America/New_York"),
        ("Kolkata", "Asia/Kolkata"),
        ("Lord Howe", "Australia/Lord_Howe"),
        ("Pacific/Chatam", "Pacific/Chatham"),
    ],
)
def test_unknown_timezones_are_refused_with_the_closest_names(typed: str, suggested: str) -> None:
    assert suggested in suggest_timezones(typed)
    if typed.casefold().replace(" ", "_") != suggested.casefold():
        with pytest.raises(UnknownTimezone) as error:
            parse_timezone(typed)
        assert f"`{suggested}`" in str(error.value)
        assert suggested in error.value.suggestions


def test_a_name_with_no_close_match_still_gets_a_clear_message() -> None:
    with pytest.raises(ScheduleRuleError, match="is not a timezone name"):
        parse_timezone("")
    with pytest.raises(ScheduleRuleError, match="IANA name"):
        parse_timezone("Mars/Olympus_Mons")


def test_the_zone_list_leaves_out_names_that_are_not_places() -> None:
    names = timezone_names()
    assert "Europe/London" in names and "Asia/Kolkata" in names
    assert "localtime" not in names and "Factory" not in names
    assert list(names) == sorted(names)


def test_autocomplete_offers_prefix_matches_at_most_25() -> None:
    assert "Europe/London" in timezone_choices("lond")
    assert timezone_choices("america/new")[0] == "America/New_York"
    assert len(timezone_choices("a")) == 25
    assert timezone_choices("Europ/Londn")[0] == "Europe/London"  # no substring match: closest names


def test_a_rule_from_text_keeps_canonical_texts() -> None:
    rule = ScheduleRule.parse("8:00", "europe/london", "Mon, Wed, Fri", grace_hours=3, poll_hours=48)
    assert (rule.time_text, rule.timezone, rule.days_text) == ("08:00", "Europe/London", "mon,wed,fri")
    assert (rule.grace_hours, rule.poll_hours, rule.paused) == (3, 48, False)
    assert rule.describe() == "08:00 Europe/London, mon,wed,fri"
    again = ScheduleRule.parse(
        rule.time_text, rule.timezone, rule.days_text, rule.grace_hours, rule.poll_hours
    )
    assert again == rule


def test_defaults_are_daily_six_hours_grace_and_a_day_long_poll() -> None:
    rule = ScheduleRule.parse("18:00", "Asia/Kolkata")
    assert (rule.days, rule.grace_hours, rule.poll_hours, rule.paused) == (ALL_DAYS, 6, 24, False)


def test_pausing_is_a_copy_with_the_flag_and_describes_itself() -> None:
    rule = ScheduleRule.parse("18:00", "Asia/Kolkata")
    paused = dataclasses.replace(rule, paused=True)
    assert paused.paused and not rule.paused
    assert paused.zone.key == "Asia/Kolkata"
    assert paused.describe().endswith("(paused)")


@pytest.mark.parametrize(
    ("grace", "poll", "message_part"),
    [
        (0, 24, "Grace must be from 1 to 24"),
        (25, 24, "Grace must be from 1 to 24"),
        (6, 0, "Poll duration must be from 1 to 768"),
        (6, 769, "Poll duration must be from 1 to 768"),
        (6, 2.5, "whole number"),
        (True, 24, "whole number"),
    ],
)
def test_hours_outside_their_range_are_refused(grace: object, poll: object, message_part: str) -> None:
    with pytest.raises(ScheduleRuleError, match=message_part):
        ScheduleRule.parse("08:00", "UTC", grace_hours=grace, poll_hours=poll)  # type: ignore[arg-type]


@pytest.mark.parametrize("poll", [1, 768])
def test_poll_hours_limits_are_inclusive(poll: int) -> None:
    assert ScheduleRule.parse("08:00", "UTC", poll_hours=poll).poll_hours == poll


def test_the_constructor_checks_typed_values_too() -> None:
    with pytest.raises(ScheduleRuleError):
        ScheduleRule(time(8, 0), "UTC", frozenset())
    with pytest.raises(ScheduleRuleError):
        ScheduleRule(time(8, 0), "UTC", frozenset({7}))
    with pytest.raises(ScheduleRuleError):
        ScheduleRule(time(8, 0, 30), "UTC")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=4000))
def test_hostile_text_gives_only_schedule_rule_errors(text: str) -> None:
    for parse in (parse_time, parse_days, parse_timezone):
        try:
            parse(text)
        except ScheduleRuleError as error:
            assert len(str(error)) < 400  # echoed input is shortened
    assert len(suggest_timezones(text)) <= 3
    assert len(timezone_choices(text)) <= 25


def test_rule_errors_are_user_safe_recall_errors() -> None:
    """The Discord error layer shows any RecallError's message as is; rule errors are among them."""
    with pytest.raises(RecallError) as error:
        ScheduleRule.parse("08:00", "Europe/Londn")
    assert isinstance(error.value, InvalidTimezone) and isinstance(error.value, ValueError)
    assert error.value.user_message == str(error.value)
    with pytest.raises(InvalidSetting):
        ScheduleRule.parse("25:00", "UTC")
