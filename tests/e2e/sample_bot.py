"""A tiny discord.py bot that exercises the fake the way Recall will: run as `python -m tests.e2e.sample_bot`
with DISCORD_TOKEN and DISCORD_API_BASE. Slash commands, a persistent DynamicItem button, a modal,
autocomplete, a deferred answer, a channel post (for REST faults) and a deliberately slow answer."""

from __future__ import annotations

import asyncio
import datetime
import logging
import os
import re
import sys
from typing import Any, Self

import aiohttp
import discord
import yarl
from discord import app_commands

log = logging.getLogger("sample_bot")
NO_PINGS = discord.AllowedMentions.none()


async def point_at_fake(api_base: str, token: str) -> None:
    """Send REST, gateway and CDN traffic to a Discord-compatible server at `api_base`."""
    discord.http.Route.BASE = api_base
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{api_base}/gateway/bot", headers={"Authorization": f"Bot {token}"}) as response,
    ):
        response.raise_for_status()
        gateway_url = (await response.json(content_type=None))["url"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    discord.asset.Asset.BASE = api_base.split("/api/")[0] + "/cdn"


class CounterButton(discord.ui.DynamicItem[discord.ui.Button], template=r"sample:count:(?P<n>\d+)"):
    """Stateless: the count lives in the custom_id, so old buttons keep working after a restart."""

    def __init__(self, n: int) -> None:
        super().__init__(discord.ui.Button(label=f"Count {n}", custom_id=f"sample:count:{n}"))
        self.n = n

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"clicked {self.n} by {interaction.user.name}", ephemeral=True
        )


class BumpButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"sample:bump:(?P<n>\d+):(?P<mode>now|later)"
):
    """Edits the clicked message: at once (callback 7) or after a deferred update (6 + PATCH @original)."""

    def __init__(self, n: int, mode: str) -> None:
        super().__init__(discord.ui.Button(label=f"Bump {n}", custom_id=f"sample:bump:{n}:{mode}"))
        self.n, self.mode = n, mode

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(int(match["n"]), match["mode"])

    async def callback(self, interaction: discord.Interaction) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(BumpButton(self.n + 1, self.mode))
        if self.mode == "now":
            await interaction.response.edit_message(content=f"count {self.n + 1}", view=view)
        else:
            await interaction.response.defer()
            await interaction.edit_original_response(content=f"count {self.n + 1}", view=view)


class AnswerModal(discord.ui.Modal, title="Your answer"):
    answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
        label="Answer", style=discord.TextStyle.paragraph, custom_id="sample:answer"
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"you wrote {len(self.answer.value)} chars", ephemeral=True)


class SampleBot(discord.Client):
    def __init__(self, **options: Any) -> None:
        super().__init__(intents=discord.Intents.default(), allowed_mentions=NO_PINGS, **options)
        self.tree = app_commands.CommandTree(self)
        self.dev_guild = os.environ.get("RECALL_DEV_GUILD_ID")

    async def setup_hook(self) -> None:
        self.add_dynamic_items(CounterButton, BumpButton)
        register(self.tree)
        if self.dev_guild:
            guild = discord.Object(int(self.dev_guild))
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()
        print("SYNCED", flush=True)

    async def on_ready(self) -> None:
        print(f"READY {self.user} guilds={len(self.guilds)}", flush=True)

    async def on_resumed(self) -> None:
        print("RESUMED", flush=True)

    async def on_raw_poll_vote_add(self, payload: discord.RawPollVoteActionEvent) -> None:
        print(f"VOTE {payload.user_id} {payload.answer_id}", flush=True)


def register(tree: app_commands.CommandTree) -> None:
    @tree.command(description="Post a counter button")
    async def ping(interaction: discord.Interaction, start: int = 0) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(CounterButton(start))
        await interaction.response.send_message(f"pong @everyone <@{interaction.user.id}>", view=view)

    @tree.command(description="Open a modal")
    async def ask(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(AnswerModal())

    @tree.command(description="Answer after a defer")
    async def later(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await asyncio.sleep(0.2)
        await interaction.followup.send("done later", ephemeral=True)

    @tree.command(description="Post in the channel through REST, then confirm")
    async def post(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.defer(ephemeral=True)
        channel = interaction.channel
        assert isinstance(channel, discord.abc.Messageable)
        message = await channel.send(text)
        await interaction.followup.send(f"posted {message.id}", ephemeral=True)

    @tree.command(description="Answer too late on purpose")
    async def slow(interaction: discord.Interaction) -> None:
        await asyncio.sleep(3.3)
        try:
            await interaction.response.send_message("too late", ephemeral=True)
        except discord.NotFound as exc:
            print(f"LATE {exc.code}", flush=True)

    @tree.command(description="A message whose button edits it")
    async def bump(interaction: discord.Interaction, mode: str = "now") -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(BumpButton(0, mode))
        await interaction.response.send_message("count 0", view=view)

    @tree.command(description="Answer, then delete the answer")
    async def temp(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("temporary")
        await interaction.delete_original_response()

    @tree.command(description="Post a poll")
    async def poll(interaction: discord.Interaction) -> None:
        poll = discord.Poll(question="Which is distillation?", duration=datetime.timedelta(hours=2))
        poll.add_answer(text="A student mimics a teacher").add_answer(text="Dropping weights")
        assert isinstance(interaction.channel, discord.abc.Messageable)
        message = await interaction.channel.send(poll=poll)
        await interaction.response.send_message(f"poll {message.id}", ephemeral=True)

    @tree.command(description="End a poll and count its voters")
    async def endpoll(interaction: discord.Interaction, message_id: str) -> None:
        await interaction.response.defer(ephemeral=True)
        assert isinstance(interaction.channel, discord.abc.Messageable)
        message = await interaction.channel.fetch_message(int(message_id))
        ended = await message.end_poll()
        assert ended.poll is not None
        counts = []
        for answer in ended.poll.answers:
            voters = [user.name async for user in answer.voters(limit=None)]
            counts.append(f"{answer.id}:{answer.vote_count}:{','.join(sorted(voters))}")
        assert ended.poll.expires_at is not None
        hours = round((ended.poll.expires_at - ended.created_at).total_seconds() / 3600)
        await interaction.followup.send(f"ended {' '.join(counts)} hours={hours}", ephemeral=True)

    @tree.command(description="Send yourself a DM")
    async def dm(interaction: discord.Interaction) -> None:
        message = await interaction.user.send("a private hello")
        await interaction.response.send_message(f"dm {message.channel.id}", ephemeral=True)

    @tree.command(description="Look a member up")
    @app_commands.guild_only()
    async def whois(interaction: discord.Interaction, member: discord.Member) -> None:
        assert interaction.guild is not None
        fetched = await interaction.guild.fetch_member(member.id)
        manages = member.guild_permissions.manage_guild
        await interaction.response.send_message(f"{fetched.name} manages={manages}", ephemeral=True)

    @tree.command(description="Admins only")
    @app_commands.default_permissions(manage_guild=True)
    async def admin(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("admin ok", ephemeral=True)

    @tree.command(description="Pick a deck")
    async def deck(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"deck {name}", ephemeral=True)

    @deck.autocomplete("name")
    async def deck_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        names = ["distillation", "quantization", "pruning"]
        return [app_commands.Choice(name=n, value=n) for n in names if current.lower() in n]


class ShardedSampleBot(SampleBot, discord.AutoShardedClient):
    """The same bot on discord.py's own sharding (for the fake's shard routing)."""


def sample_client() -> SampleBot:
    """SAMPLE_SHARD_COUNT (a number, or `auto`: GET /gateway/bot's) and SAMPLE_SHARD_IDS (`0,2`) shard it."""
    count, ids = os.environ.get("SAMPLE_SHARD_COUNT"), os.environ.get("SAMPLE_SHARD_IDS")
    if count is None:
        return SampleBot()
    if count == "auto":
        return ShardedSampleBot()
    shard_ids = [int(n) for n in ids.split(",")] if ids else None
    return ShardedSampleBot(shard_count=int(count), shard_ids=shard_ids)


def main() -> int:
    token = os.environ.get("DISCORD_TOKEN", "")
    api_base = os.environ.get("DISCORD_API_BASE")
    logging.basicConfig(level=os.environ.get("RECALL_LOG_LEVEL", "INFO"), stream=sys.stderr)

    async def run() -> None:
        if api_base:
            await point_at_fake(api_base, token)
        async with sample_client() as client:
            await client.start(token)

    try:
        asyncio.run(run())
    except discord.LoginFailure:
        print("login failed: the token was rejected", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
