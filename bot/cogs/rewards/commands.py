"""`/settings rewards add|list|remove`: a subgroup of the admin cog's `/settings` (Manage Server, checked in
code too). Roles are chosen with Discord's role picker; @everyone, integration-managed roles and roles the
admin could not give themselves (Manage Roles and the role order, as Discord rules) are refused; a role the
bot can't give yet is accepted with a warning saying what to fix."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands

from bot.cogs.common import Reply, clip, send, utcnow
from bot.cogs.language.voices import said
from bot.cogs.rewards.desk import role_problem
from bot.cogs.schedule.access import require_admin
from bot.core.messages import N_
from bot.core.rewards import MAX_REWARDS_PER_SERVER, THRESHOLD_RANGES, RoleReward
from bot.i18n.voice import say, say_marked, say_n
from bot.services.errors import RecallError

if TYPE_CHECKING:
    from bot.app.client import RecallBot
    from bot.services.reward_ports import StoredReward

HIGHEST = max(high for _, high in THRESHOLD_RANGES.values())
# What /settings rewards add says it did: (replaced an earlier reward, taken back when the streak breaks).
ADDED = {
    (False, False): N_("Added: members get **{role}** with a {reward}."),
    (True, False): N_("Updated: members get **{role}** with a {reward}."),
    (False, True): N_("Added: members get **{role}** with a {reward}, and lose it when the streak breaks."),
    (True, True): N_("Updated: members get **{role}** with a {reward}, and lose it when the streak breaks."),
}


NO_REWARD = N_("That role has no reward here; `/settings rewards list` shows them.")


def reward_text(reward: RoleReward) -> str:
    """`7-day streak`, `500 points`, `100 answers`: what earns the role, in the reader's language."""
    if reward.kind == "streak":
        return say_n("{days}-day streak", "{days}-day streak", reward.threshold, days=str(reward.threshold))
    if reward.kind == "points":
        return say_n("{count} point", "{count} points", reward.threshold)
    return say_n("{count} answer", "{count} answers", reward.threshold)


def _role_label(guild: discord.Guild | None, role_id: int) -> str:
    role = guild.get_role(role_id) if guild is not None else None
    if role is not None:
        return f"**{discord.utils.escape_markdown(role.name)}**"
    return say("a deleted role (`{role}`)", role=str(role_id))


def _line(guild: discord.Guild | None, stored: StoredReward) -> str:
    reward = stored.reward
    label, earned = _role_label(guild, reward.role_id), reward_text(reward)
    if reward.remove_on_break:
        text = say("{role}: {reward}, taken back when the streak breaks", role=label, reward=earned)
    else:
        text = f"{label}: {earned}"
    problem = role_problem(guild, reward.role_id) if guild is not None else None
    return text + ("\n  " + say("⚠️ I can't give it: {problem}", problem=say_marked(problem.text)) if problem else "")


def may_give_itself(interaction: discord.Interaction, role: discord.Role) -> bool:
    """Discord's own rule for the admin asking: the owner, or Manage Roles and a top role above `role`. Without
    it, Manage Server alone would let an admin have the bot hand out a role they can't (to themselves, too)."""
    member, guild = interaction.user, interaction.guild
    if guild is None or not isinstance(member, discord.Member):
        return False
    if member.id == guild.owner_id:
        return True
    return bool(member.guild_permissions.manage_roles and role < member.top_role)


class RewardsGroup(app_commands.Group):
    """Roles earned by studying; attached under `/settings` by `bot.cogs.rewards.setup`."""

    def __init__(self, bot: RecallBot) -> None:
        super().__init__(name="rewards", description="Roles members earn by studying (admins)")  # i18n: not shown (the commands catalogue translates it)
        self.bot = bot

    @app_commands.command(name="add", description="Give a role when a member reaches a streak, points or answers")
    @app_commands.describe(role="The role to give", kind="What counts: streak days, points or answers",
                           threshold="How many (streak 1-3650, points up to 10,000,000, answers up to 1,000,000)",
                           remove_on_break="Streaks only: take the role back when the streak breaks")
    async def add(self, interaction: discord.Interaction, role: discord.Role,
                  kind: Literal["streak", "points", "reviews"], threshold: app_commands.Range[int, 1, HIGHEST],
                  remove_on_break: bool = False) -> None:
        guild_id = require_admin(interaction)
        if role.is_default():
            raise RecallError(N_("@everyone can't be a reward: everyone has it already. Nothing was changed."))
        if role.managed:
            raise RecallError(N_("That role is managed by an integration (a bot's or the booster role), and Discord "
                                 "lets no one give it. Nothing was changed."))
        if not may_give_itself(interaction, role):
            raise RecallError(N_("You can only make a reward of a role you could give yourself: you need the Manage "
                                 "Roles permission and a role above it. Nothing was changed."))

        async def work() -> Reply:
            reward, replaced = await self.bot.services.rewards.add(
                guild_id, role.id, kind, threshold, remove_on_break, added_by=interaction.user.id, now=utcnow())
            params = {"role": discord.utils.escape_markdown(role.name), "reward": reward_text(reward)}
            done = say_marked(ADDED[(replaced, reward.remove_on_break)], **params)
            lines = [done + " " + say("Members who already qualify get it with their next answer.")]
            problem = role_problem(interaction.guild, role.id) if interaction.guild is not None else None
            if problem is not None:
                lines.append(say("⚠️ I can't give it yet: {problem}", problem=say_marked(problem.text)))
            return Reply(content=clip("\n".join(lines), 2000))

        await send(interaction, work(), ephemeral=True)

    @app_commands.command(name="list", description="This server's role rewards, and any problem giving them")
    async def list_rewards(self, interaction: discord.Interaction) -> None:
        guild_id = require_admin(interaction)

        async def work() -> Reply:
            rewards = self.bot.services.rewards.rewards(guild_id)
            if not rewards:
                return Reply(content=say("No role rewards yet: `/settings rewards add` gives a role for a streak, "
                                         "points or answers."))
            lines = [say("Role rewards ({count} of {most}):", count=len(rewards), most=MAX_REWARDS_PER_SERVER)]
            lines += [f"• {_line(interaction.guild, stored)}" for stored in rewards]
            notices = await self.bot.services.scheduling.take_notices(guild_id, now=utcnow())
            if notices:
                lines.append(say("Notices for the admins:"))
                lines += [f"• {said(text)}" for text in notices[:10]]  # in this reader's language when marked
            return Reply(content=clip("\n".join(lines), 2000))

        await send(interaction, work(), ephemeral=True)

    @app_commands.command(name="remove", description="Stop giving a role (members who have it keep it)")
    @app_commands.describe(role="A role with a reward (deleted roles are listed too)")
    async def remove(self, interaction: discord.Interaction, role: str) -> None:
        guild_id = require_admin(interaction)
        role_id = self._reward_role(guild_id, interaction.guild, role)

        async def work() -> Reply:
            if not await self.bot.services.rewards.remove(guild_id, role_id):
                return Reply(content=say_marked(NO_REWARD))
            return Reply(content=say("Removed the reward of {role}. Members who have the role keep it.",
                                     role=_role_label(interaction.guild, role_id)))

        await send(interaction, work(), ephemeral=True)

    def _reward_role(self, guild_id: int, guild: discord.Guild | None, text: str) -> int:
        """The role id of one of this server's rewards named by `text` (an id, a mention or a role name)."""
        rewards = self.bot.services.rewards.rewards(guild_id)
        digits = re.fullmatch(r"\s*(?:<@&)?(\d{1,20})>?\s*", text or "")
        if digits:
            return int(digits.group(1))
        wanted = (text or "").strip().casefold()
        for stored in rewards:
            role = guild.get_role(stored.reward.role_id) if guild is not None else None
            if role is not None and role.name.casefold() == wanted:
                return role.id
        raise RecallError(NO_REWARD)

    @remove.autocomplete("role")
    async def remove_autocomplete(self, interaction: discord.Interaction,
                                  current: str) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        wanted = current.casefold()
        choices = []
        for stored in self.bot.services.rewards.rewards(interaction.guild_id):
            role = interaction.guild.get_role(stored.reward.role_id) if interaction.guild else None
            name = role.name if role is not None else say("deleted role {role}", role=str(stored.reward.role_id))
            if wanted in name.casefold():
                label = f"{name} ({reward_text(stored.reward)})"
                choices.append(app_commands.Choice(name=clip(label, 100), value=str(stored.reward.role_id)))
        return choices[:25]
