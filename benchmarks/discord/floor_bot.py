"""The benchmark's floor: the least a discord.py 2.7 bot can do for a button click, namely answer it
ephemerally, with no storage and no other work. Run with DISCORD_TOKEN and DISCORD_API_BASE pointing
at the fake Discord: `python benchmarks/discord/floor_bot.py`."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
from typing import Any, Self

import aiohttp
import discord
import yarl

CUSTOM_ID = "floor:answer:{question}:{option}"


async def point_at(api_base: str, token: str) -> None:
    """Route REST, gateway and CDN to a Discord-compatible server (the gateway URL comes from it)."""
    discord.http.Route.BASE = api_base
    headers = {"Authorization": f"Bot {token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{api_base}/gateway/bot", headers=headers) as response,
    ):
        response.raise_for_status()
        url = (await response.json(content_type=None))["url"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
    discord.asset.Asset.BASE = api_base.split("/api/")[0] + "/cdn"


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"floor:answer:(?P<q>\d+):(?P<opt>\d+)"
):
    def __init__(self, question: int, option: int) -> None:
        custom_id = CUSTOM_ID.format(question=question, option=option)
        super().__init__(discord.ui.Button(label=f"Option {option}", custom_id=custom_id))
        self.option = option

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(int(match["q"]), int(match["opt"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        verdict = "✓ Correct" if self.option == 0 else "✗ Incorrect"
        await interaction.response.send_message(verdict, ephemeral=True)


class FloorBot(discord.Client):
    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.default(), allowed_mentions=discord.AllowedMentions.none())

    async def setup_hook(self) -> None:
        self.add_dynamic_items(AnswerButton)


def main() -> int:
    token = os.environ["DISCORD_TOKEN"]
    api_base = os.environ.get("DISCORD_API_BASE")

    async def run() -> None:
        if api_base:
            await point_at(api_base, token)
        async with FloorBot() as client:
            await client.start(token)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
