from discord import app_commands

from bot.app.errors import user_message
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
