"""The command tree: every slash command passes its cooldown here, and every error ends up here."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.app.cooldown import MemberCooldowns
from bot.app.errors import report_error


class RecallTree(app_commands.CommandTree):
    def __init__(self, client: discord.Client, **kwargs: object) -> None:
        super().__init__(client, **kwargs)  # type: ignore[arg-type]
        self.cooldowns = MemberCooldowns(uses=5, per_seconds=10.0)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        # Autocomplete is typing, not spamming: only command invocations count.
        if interaction.type is not discord.InteractionType.application_command or interaction.command is None:
            return True
        retry_after = self.cooldowns.hit(interaction.user.id, interaction.command.qualified_name)
        if retry_after > 0:
            cooldown = app_commands.Cooldown(self.cooldowns.uses, self.cooldowns.per_seconds)
            raise app_commands.CommandOnCooldown(cooldown, retry_after)
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        name = interaction.command.qualified_name if interaction.command else "an unknown command"  # i18n: not shown (logged)
        await report_error(interaction, error, f"/{name}")
