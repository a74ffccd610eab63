"""The one error layer: what a member sees when something goes wrong, for commands and buttons alike.

A `RecallError` carries a message written for members and is shown as is (ephemerally). A cooldown
gets a short "slow down". Anything else is a bug: logged with its traceback, and the member gets a
short generic apology, never "This interaction failed".
"""

from __future__ import annotations

import logging
import math

import discord
from discord import app_commands

from bot.services.errors import RecallError

log = logging.getLogger("recall.errors")

GENERIC = "Sorry, something went wrong on my side. It has been logged; please try again in a moment."
EXPIRED = "This button is no longer active. Run the command again to get a fresh one."


def user_message(error: BaseException) -> str | None:
    """The member-safe text for an expected error, or None for a bug."""
    if isinstance(error, app_commands.CommandInvokeError):
        original = getattr(error, "original", None) or error.__cause__
        if original is not None and original is not error:
            return user_message(original)
    if isinstance(error, app_commands.TransformerError):
        return "I couldn't use one of the options you gave: please pick it from the list."
    if isinstance(error, RecallError):
        return error.user_message
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: you can use this command again in {math.ceil(error.retry_after)} s."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works in a server."
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the Manage Server permission for this."
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        return "I don't know this command any more: Discord may still be updating the command list. Try again soon."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
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
    message = user_message(error)
    if message is None:
        log.error("unexpected error in %s", where, exc_info=(type(error), error, error.__traceback__))
        message = GENERIC
    await send_ephemeral(interaction, message)
