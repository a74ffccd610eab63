"""The Discord side of role rewards (`bot.services.reward_ports.RoleDesk`): give and take a role with the
Manage Roles permission only, one REST request each (`PUT`/`DELETE /guilds/{g}/members/{u}/roles/{r}`),
and say why it can't be done from the bot's cache before asking Discord (no request for a role the bot
can't give). Nothing here sends a message that could ping: admin notices go through the schedules'
delivery (`SchedulingService.deliver_notices`, the system channel with mentions off)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.cogs.common import utcnow
from bot.core.messages import N_
from bot.i18n.voice import in_server_language, say
from bot.services.reward_ports import MemberGone, RoleProblem, RoleRefused

if TYPE_CHECKING:
    from bot.app.client import RecallBot

UNKNOWN_ROLE, UNKNOWN_MEMBER, UNKNOWN_GUILD = 10011, 10007, 10004

# Each problem's `text` is marked here and said where it is shown (`say_marked(problem.text)`).
DELETED = RoleProblem("role-deleted", N_("the role no longer exists. Remove the reward with `/settings rewards "
                                         "remove`."))
MANAGED = RoleProblem("role-managed", N_("the role is managed by an integration (a bot's or the booster role), and "
                                         "Discord lets no one give those."))
NO_PERMISSION = RoleProblem("no-permission", N_("I don't have the **Manage Roles** permission. Give it to my role "
                                                "in Server Settings → Roles."))
TOO_HIGH = RoleProblem("role-too-high", N_("the role is not below my highest role. In Server Settings → Roles, drag "
                                           "my role above it."))


def reason() -> str:
    """The audit log's reason for a role given or taken, in the server's language (the admins read it)."""
    with in_server_language():
        return say("Recall: a role earned by studying (/settings rewards)")


def role_problem(guild: discord.Guild, role_id: int) -> RoleProblem | None:
    """Why the bot can't give `role_id` in `guild`, from the cache (None: it can, as far as it knows)."""
    role = guild.get_role(role_id)
    if role is None:
        return DELETED
    if role.managed:
        return MANAGED
    me = guild.me
    if me is None:
        return None
    if not me.guild_permissions.manage_roles:
        return NO_PERMISSION
    if role >= me.top_role:
        return TOO_HIGH
    return None


class DiscordRoleDesk:
    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot

    def problem(self, guild_id: int, role_id: int) -> RoleProblem | None:
        guild = self.bot.get_guild(guild_id)
        return role_problem(guild, role_id) if guild is not None else None

    def role_name(self, guild_id: int, role_id: int) -> str | None:
        guild = self.bot.get_guild(guild_id)
        role = guild.get_role(role_id) if guild is not None else None
        return discord.utils.escape_mentions(discord.utils.escape_markdown(role.name)) if role is not None else None

    def _refused(self, guild_id: int, role_id: int, error: discord.HTTPException) -> Exception:
        if isinstance(error, discord.NotFound):
            if error.code == UNKNOWN_ROLE:
                return RoleRefused(DELETED)
            if error.code in (UNKNOWN_MEMBER, UNKNOWN_GUILD):
                return MemberGone()
        if isinstance(error, discord.Forbidden):
            return RoleRefused(self.problem(guild_id, role_id) or NO_PERMISSION)
        return error

    async def give(self, guild_id: int, user_id: int, role_id: int) -> None:
        try:
            await self.bot.http.add_role(guild_id, user_id, role_id, reason=reason())
        except discord.HTTPException as error:
            raise self._refused(guild_id, role_id, error) from error

    async def take(self, guild_id: int, user_id: int, role_id: int) -> None:
        try:
            await self.bot.http.remove_role(guild_id, user_id, role_id, reason=reason())
        except discord.HTTPException as error:
            raise self._refused(guild_id, role_id, error) from error

    async def announce(self) -> None:
        from bot.cogs.schedule.publisher import DiscordPublisher

        await self.bot.services.scheduling.deliver_notices(DiscordPublisher(self.bot), now=utcnow())
