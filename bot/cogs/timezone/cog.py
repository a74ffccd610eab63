"""The /timezone command, with IANA names suggested as the member types."""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.common import Reply, escape, send
from bot.i18n.voice import say

if TYPE_CHECKING:
    from bot.app.client import RecallBot

CLEAR_WORDS = ("none", "clear", "reset", "server")


@cache
def zone_names() -> tuple[str, ...]:
    return tuple(sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC"))


def suggest(current: str, limit: int = 25) -> list[str]:
    """Names containing what was typed; those starting with it (or with a part of it) first."""
    needle = current.strip().casefold().replace(" ", "_")
    if not needle:
        return ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Kolkata", "Asia/Tokyo"]
    starts, contains = [], []
    for name in zone_names():
        folded = name.casefold()
        if folded.startswith(needle) or any(part.startswith(needle) for part in folded.split("/")):
            starts.append(name)
        elif needle in folded:
            contains.append(name)
    return (starts + contains)[:limit]


class TimezoneCog(commands.Cog):
    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot

    @app_commands.command(name="timezone", description="Your time zone for streak days (without a name: show it)")
    @app_commands.describe(name="An IANA name such as Europe/Berlin; 'server' goes back to the server's")
    async def timezone(self, interaction: discord.Interaction, name: str | None = None) -> None:
        await send(interaction, self._timezone(interaction, name), ephemeral=True)

    @timezone.autocomplete("name")
    async def _suggest(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=zone, value=zone) for zone in suggest(current)]

    async def _timezone(self, interaction: discord.Interaction, name: str | None) -> Reply:
        services = self.bot.services.recall
        user_id = interaction.user.id
        if name is None:
            current = await services.member_timezone(user_id)
            if current is None:
                fallback = (await services.guild_settings(interaction.guild_id)).timezone if interaction.guild_id else "UTC"
                return Reply(content=say("You have no time zone of your own; the server's applies: **{zone}**. "
                                         "Set one with `/timezone name:Europe/Berlin`.", zone=fallback))
            return Reply(content=say("Your time zone is **{zone}**.", zone=current))
        if name.strip().casefold() in CLEAR_WORDS:
            await services.set_member_timezone(user_id, None)
            return Reply(content=say("Done: your streak days now follow the server's time zone."))
        stored = await services.set_member_timezone(user_id, name.strip())
        return Reply(content=say("Done: your study days now follow **{zone}**.", zone=escape(stored or name)))
