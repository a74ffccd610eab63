"""The bot's wall clock, and the test clock that lets end-to-end tests start the bot at a chosen instant.

Every reading of "now" that feeds a decision (what is due, which study day, when a confirmation
expires) goes through `utcnow()`. Normally that is the system clock. With `RECALL_TEST_MODE=1` and
`RECALL_TEST_NOW=<ISO 8601 instant>` in the process environment, the clock starts at that instant
when the bot starts and runs on in real time from there (a fixed offset), so a test can make a post
due seconds after launch without touching the machine's clock or preloading libfaketime.
`RECALL_TEST_NOW` alone is ignored, so a stray variable can't move a real bot's days.

Monotonic clocks (cooldowns, pacing) and comparisons with Discord's own timestamps stay real.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from bot.core.errors import RecallError
from bot.core.messages import N_

TEST_MODE_VARIABLE = "RECALL_TEST_MODE"
TEST_NOW_VARIABLE = "RECALL_TEST_NOW"

_offset = timedelta(0)


class ClockError(RecallError, ValueError):
    """The test clock's settings can't be used (the message names the variable and the fix)."""


def utcnow() -> datetime:
    """Now, aware and in UTC: the system clock plus the test offset (zero outside test mode)."""
    return datetime.now(UTC) + _offset


def offset() -> timedelta:
    return _offset


def parse_instant(text: str) -> datetime:
    """`2026-03-02T07:59:35Z` or `...+01:00` -> an aware UTC datetime; anything else raises ClockError."""
    value = text.strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ClockError(N_("{variable}={value} is not an ISO 8601 instant (e.g. 2026-03-02T07:59:35Z)"),
                         variable=TEST_NOW_VARIABLE, value=repr(value[:40])) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ClockError(N_("{variable}={value} has no UTC offset: add Z or +HH:MM so the instant is unambiguous"),
                         variable=TEST_NOW_VARIABLE, value=repr(value[:40]))
    return moment.astimezone(UTC)


def start_clock(
    environ: Mapping[str, str], real_now: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> tuple[int, str] | None:
    """Set the clock from the environment once, at process start.

    Returns the (log level, message) the bot should log first, or None when there is nothing to say.
    Raises ClockError for an unusable RECALL_TEST_NOW in test mode (the bot then refuses to start).
    """
    global _offset
    wanted = environ.get(TEST_NOW_VARIABLE, "").strip()
    test_mode = environ.get(TEST_MODE_VARIABLE, "").strip() == "1"
    if not test_mode:
        _offset = timedelta(0)
        if wanted:
            return logging.WARNING, f"{TEST_NOW_VARIABLE} ignored: it only applies with {TEST_MODE_VARIABLE}=1"  # i18n: not shown (logged)
        return None
    if not wanted:
        _offset = timedelta(0)
        return logging.WARNING, f"test mode: {TEST_NOW_VARIABLE} not set, the clock is the system clock"  # i18n: not shown (logged)
    start = parse_instant(wanted)
    _offset = start - real_now()
    return logging.WARNING, f"test mode: clock starts at {start.isoformat()} ({_describe(_offset)} from the system clock)"  # i18n: not shown (logged)


def _describe(delta: timedelta) -> str:
    seconds = delta.total_seconds()
    return f"{'+' if seconds >= 0 else '-'}{abs(seconds):.0f} s"
