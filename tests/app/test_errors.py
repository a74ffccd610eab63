import logging

import discord
import pytest
from discord import app_commands

from bot.app import errors
from bot.app.errors import GENERIC, LateAnswers, is_expired_interaction, report_error, user_message
from bot.services.errors import InvalidTimezone, RecallError


def test_member_safe_messages() -> None:
    assert user_message(InvalidTimezone("Unknown time zone")) == "Unknown time zone"
    wrapped = app_commands.CommandInvokeError.__new__(app_commands.CommandInvokeError)
    wrapped.original = RecallError("explained")
    assert user_message(wrapped) == "explained"
    bug = app_commands.CommandInvokeError.__new__(app_commands.CommandInvokeError)
    bug.original = KeyError("x")
    assert user_message(bug) is None
    cooldown = app_commands.CommandOnCooldown(app_commands.Cooldown(1, 10), 2.2)
    assert user_message(cooldown) == "Slow down a little: you can use this command again in 3 s."


def test_bugs_have_no_member_message() -> None:
    assert user_message(ZeroDivisionError()) is None
    assert user_message(KeyError("secret internals")) is None


class _Response:
    status, reason = 404, "Not Found"


def _not_found(code: int) -> discord.NotFound:
    return discord.NotFound(_Response(), {"code": code, "message": "Unknown interaction"})  # type: ignore[arg-type]


class _Interaction:
    """Records what the error layer tries to send."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.response = self
        self.followup = self

    def is_done(self) -> bool:
        return False

    async def send_message(self, text: str, ephemeral: bool) -> None:
        self.sent.append(text)


def test_only_unknown_interaction_counts_as_expired() -> None:
    wrapped = app_commands.CommandInvokeError.__new__(app_commands.CommandInvokeError)
    wrapped.original = _not_found(10062)
    assert is_expired_interaction(_not_found(10062)) and is_expired_interaction(wrapped)
    assert not is_expired_interaction(_not_found(10008))  # unknown message: a real problem
    assert not is_expired_interaction(KeyError("x"))


async def test_an_expired_interaction_gets_no_traceback_and_no_second_request(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(errors, "late_answers", LateAnswers())
    expired, bug = _Interaction(), _Interaction()
    with caplog.at_level(logging.WARNING, logger="recall.errors"):
        await report_error(expired, _not_found(10062), "quiz pick")  # type: ignore[arg-type]
        await report_error(bug, ZeroDivisionError(), "quiz pick")  # type: ignore[arg-type]
    assert expired.sent == [] and bug.sent == [GENERIC]
    expired_lines = [r for r in caplog.records if "expired before they were answered" in r.getMessage()]
    assert len(expired_lines) == 1 and expired_lines[0].exc_info is None
    assert [r.levelname for r in caplog.records if r.exc_info] == ["ERROR"]  # only the bug has a traceback


def test_late_answers_are_reported_once_per_period(caplog: pytest.LogCaptureFixture) -> None:
    now = [100.0]
    late = LateAnswers(every=10.0, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="recall.errors"):
        for _ in range(500):
            late.add("quiz pick")
        now[0] += 10.0
        late.add("form recall:explain:submit")
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert lines[0].startswith("1 interaction(s) expired") and lines[1].startswith("500 interaction(s) expired")
    assert late.total == 501
