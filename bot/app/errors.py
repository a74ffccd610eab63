"""The one error layer: what a member sees when something goes wrong, for commands and buttons alike.

A `RecallError` carries a message written for members and is shown as is (ephemerally), except a
database failure (`StorageError`): its text names the host's files, so members get a generic line and
the log gets the detail. A cooldown gets a short "slow down". Anything else is a bug: logged with its
traceback, and the member gets a short generic apology, never "This interaction failed".

One failure is not a bug: Discord's "Unknown interaction" (10062) when the answer came after its 3 s.
Nothing can reach that member any more, and when the bot is overloaded it happens to every queued
click at once: a traceback and a second doomed request for each would only deepen the overload. Such
interactions are counted and reported in one warning line every 10 s.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

import discord
from discord import app_commands

from bot.core.messages import N_
from bot.i18n.voice import say, say_error, say_marked
from bot.services.errors import RecallError, StorageError

log = logging.getLogger("recall.errors")

GENERIC = N_("Sorry, something went wrong on my side. It has been logged; please try again in a moment.")
EXPIRED = N_("This button is no longer active. Run the command again to get a fresh one.")
# A database failure's own text names the host's files and folders: that is for the log, not for members.
STORAGE_TROUBLE = N_("Recall couldn't save that just now; try again in a minute.")
UNKNOWN_INTERACTION = 10062  # Discord's code for an interaction past its deadline


class LateAnswers:
    """Counts interactions that expired before their answer; one log line per `every` seconds."""

    def __init__(self, every: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.every, self.clock = every, clock
        self.count = 0
        self.total = 0
        self._reported_at: float | None = None

    def add(self, where: str) -> None:
        self.count += 1
        self.total += 1
        now = self.clock()
        if self._reported_at is None or now - self._reported_at >= self.every:
            log.warning("%d interaction(s) expired before they were answered (the bot is overloaded, or events "
                        "arrive late); last in %s", self.count, where)
            self.count = 0
            self._reported_at = now


late_answers = LateAnswers()


def is_expired_interaction(error: BaseException) -> bool:
    if isinstance(error, app_commands.CommandInvokeError):
        error = getattr(error, "original", None) or error
    return isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION


def expected(error: BaseException) -> BaseException:
    """The error a command's wrapper carries (what went wrong), else `error` itself."""
    if isinstance(error, app_commands.CommandInvokeError):
        original = getattr(error, "original", None) or error.__cause__
        if original is not None and original is not error:
            return expected(original)
    return error


def user_message(error: BaseException) -> str | None:
    """The member-safe text for an expected error, in the reader's language; None for a bug."""
    error = expected(error)
    if isinstance(error, app_commands.TransformerError):
        return say("I couldn't use one of the options you gave: please pick it from the list.")
    if isinstance(error, StorageError):
        return say_marked(STORAGE_TROUBLE)
    if isinstance(error, RecallError):
        return say_error(error)
    if isinstance(error, app_commands.CommandOnCooldown):
        return say("Slow down a little: you can use this command again in {seconds} s.",
                   seconds=math.ceil(error.retry_after))
    if isinstance(error, app_commands.NoPrivateMessage):
        return say("This command only works in a server.")
    if isinstance(error, app_commands.MissingPermissions):
        return say("You need the Manage Server permission for this.")
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        return say("I don't know this command any more: Discord may still be updating the command list. Try again "
                   "soon.")
    if isinstance(error, app_commands.CheckFailure):
        return say("You can't use this command here.")
    return None


async def send_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """Answer (or follow up) privately; never raises, since it is the last resort."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as failure:
        log.warning("could not deliver an error message (%s %s)", failure.status, failure.code)


async def report_error(interaction: discord.Interaction, error: BaseException, where: str) -> None:
    if is_expired_interaction(error):
        late_answers.add(where)
        return
    message = user_message(error)
    if message is None:
        log.error("unexpected error in %s", where, exc_info=(type(error), error, error.__traceback__))
        message = say_marked(GENERIC)
    elif isinstance(expected(error), StorageError):
        log.error("database problem in %s", where, exc_info=(type(error), error, error.__traceback__))
    await send_ephemeral(interaction, message)
