"""The delete confirmation: `recall:mydata:<delete|keep>:<user id>:<asked at, unix s>`.

Stateless like every Recall button, so a confirmation still works after a restart; it is refused
for anybody but the member who asked, and after `CONFIRM_MINUTES` (then /mydata delete again).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import discord

from bot.app.fallback import guarded
from bot.cogs.common import Reply, edit, learning, recall_bot, stateless_view, utcnow
from bot.core.messages import N_
from bot.i18n.voice import say, say_n
from bot.services.api import DataDeletion
from bot.services.errors import RecallError

CONFIRM_MINUTES = 10
# What was deleted, per table: "12 answers".
TABLE_COUNTS: dict[str, Callable[[int], str]] = {
    "attempts": lambda count: say_n("{count} answer", "{count} answers", count),
    "member_streaks": lambda count: say_n("{count} streak", "{count} streaks", count),
    "study_days": lambda count: say_n("{count} study day", "{count} study days", count),
    "freeze_days": lambda count: say_n("{count} streak freeze", "{count} streak freezes", count),
    "period_scores": lambda count: say_n("{count} leaderboard entry", "{count} leaderboard entries", count),
    "srs_cards": lambda count: say_n("{count} review schedule card", "{count} review schedule cards", count),
    "concept_stats": lambda count: say_n("{count} concept tally", "{count} concept tallies", count),
    "drill_served": lambda count: say_n("{count} drill round record", "{count} drill round records", count),
    "appeal_reviews": lambda count: say_n("{count} appeal review", "{count} appeal reviews", count),
    "members": lambda count: say_n("{count} setting", "{count} settings", count),
    "appeal_keyword_offers": lambda count: say_n("{count} appeal keyword offer", "{count} appeal keyword offers", count),
    "card_reports": lambda count: say_n("{count} card report", "{count} card reports", count),
    "card_suggestions": lambda count: say_n("{count} card suggestion", "{count} card suggestions", count),
    "poll_votes": lambda count: say_n("{count} poll vote", "{count} poll votes", count),
    "reminders": lambda count: say_n("{count} reminder", "{count} reminders", count),
    "role_reward_grants": lambda count: say_n("{count} role reward grant", "{count} role reward grants", count),
    "round_answers": lambda count: say_n("{count} round answer", "{count} round answers", count),
    "round_players": lambda count: say_n("{count} round player", "{count} round players", count),
}


def warning() -> str:
    return say_n(
        "**Delete everything Recall stores about you?**\n"
        "Your answers, streaks, leaderboard entries, review schedule, appeals and settings, in every server and "
        "in DMs, are deleted at once and for good. Leaderboards and server stats forget you. "
        "This can't be undone. (The buttons work for {count} minute.)",
        "**Delete everything Recall stores about you?**\n"
        "Your answers, streaks, leaderboard entries, review schedule, appeals and settings, in every server and "
        "in DMs, are deleted at once and for good. Leaderboards and server stats forget you. "
        "This can't be undone. (The buttons work for {count} minutes.)", CONFIRM_MINUTES)


class DeleteButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=r"recall:mydata:(?P<action>delete|keep):(?P<user>[0-9]{1,20}):(?P<asked>[0-9]{1,12})"):
    def __init__(self, user_id: int, asked_at: int, confirm: bool) -> None:
        action = "delete" if confirm else "keep"
        super().__init__(discord.ui.Button(
            label=say("Delete all my data") if confirm else say("Keep my data"),
            style=discord.ButtonStyle.danger if confirm else discord.ButtonStyle.secondary,
            custom_id=f"recall:mydata:{action}:{user_id}:{asked_at}"))
        self.user_id, self.asked_at, self.confirm = user_id, asked_at, confirm

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> DeleteButton:
        return cls(int(match["user"]), int(match["asked"]), match["action"] == "delete")

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: edit(interaction, self._decide(interaction)), "mydata delete")  # i18n: not shown (where, for the log)

    async def _decide(self, interaction: discord.Interaction) -> Reply:
        if interaction.user.id != self.user_id:
            raise RecallError(N_("This confirmation belongs to someone else; use /mydata delete for your own data."))
        if not self.confirm:
            return Reply(content=say("Nothing was deleted."))
        if utcnow().timestamp() - self.asked_at > CONFIRM_MINUTES * 60:
            return Reply(content=say("This confirmation has expired and nothing was deleted. Run /mydata delete again."))
        deletion = await learning(interaction).delete_member_data(self.user_id)
        services = recall_bot(interaction).services
        services.suggestions.forget_author(self.user_id)  # their credit on cards shown
        services.languages.forget(self.user_id)  # their last seen language, stored or about to be
        return Reply(content=deleted_text(deletion))


def confirm_view(user_id: int, asked_at: int) -> discord.ui.View:
    return stateless_view(DeleteButton(user_id, asked_at, confirm=True), DeleteButton(user_id, asked_at, confirm=False))


def deleted_text(deletion: DataDeletion) -> str:
    if deletion.total == 0:
        return say("Recall had nothing stored about you: there was nothing to delete.")
    # A table added after this list is named as in the schema (still every row is deleted).
    parts = [TABLE_COUNTS[table](count) if table in TABLE_COUNTS else f"{count} {table.replace('_', ' ')}"
             for table, count in sorted(deletion.removed.items(), key=lambda item: -item[1])]
    return say("Done: everything about you is deleted ({counts}).", counts=", ".join(parts))
