"""The delete confirmation: `recall:mydata:<delete|keep>:<user id>:<asked at, unix s>`.

Stateless like every Recall button, so a confirmation still works after a restart; it is refused
for anybody but the member who asked, and after `CONFIRM_MINUTES` (then /mydata delete again).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.app.fallback import guarded
from bot.cogs.common import Reply, edit, learning, recall_bot, stateless_view, utcnow
from bot.services.api import DataDeletion
from bot.services.errors import RecallError

CONFIRM_MINUTES = 10
TABLE_NAMES = {
    "attempts": "answers",
    "member_streaks": "streaks",
    "study_days": "study days",
    "freeze_days": "streak freezes",
    "period_scores": "leaderboard entries",
    "srs_cards": "review schedule cards",
    "concept_stats": "concept tallies",
    "drill_served": "drill round records",
    "appeal_reviews": "appeal reviews",
    "members": "settings",
}
WARNING = (
    "**Delete everything Recall stores about you?**\n"
    "Your answers, streaks, leaderboard entries, review schedule, appeals and settings, in every server and "
    "in DMs, are deleted at once and for good. Leaderboards and server stats forget you. "
    f"This can't be undone. (The buttons work for {CONFIRM_MINUTES} minutes.)"
)


class DeleteButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=r"recall:mydata:(?P<action>delete|keep):(?P<user>[0-9]{1,20}):(?P<asked>[0-9]{1,12})"):
    def __init__(self, user_id: int, asked_at: int, confirm: bool) -> None:
        action = "delete" if confirm else "keep"
        super().__init__(discord.ui.Button(
            label="Delete all my data" if confirm else "Keep my data",
            style=discord.ButtonStyle.danger if confirm else discord.ButtonStyle.secondary,
            custom_id=f"recall:mydata:{action}:{user_id}:{asked_at}"))
        self.user_id, self.asked_at, self.confirm = user_id, asked_at, confirm

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> DeleteButton:
        return cls(int(match["user"]), int(match["asked"]), match["action"] == "delete")

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: edit(interaction, self._decide(interaction)), "mydata delete")

    async def _decide(self, interaction: discord.Interaction) -> Reply:
        if interaction.user.id != self.user_id:
            raise RecallError("This confirmation belongs to someone else; use /mydata delete for your own data.")
        if not self.confirm:
            return Reply(content="Nothing was deleted.")
        if utcnow().timestamp() - self.asked_at > CONFIRM_MINUTES * 60:
            return Reply(content="This confirmation has expired and nothing was deleted. Run /mydata delete again.")
        deletion = await learning(interaction).delete_member_data(self.user_id)
        recall_bot(interaction).services.suggestions.forget_author(self.user_id)  # their credit on cards shown
        return Reply(content=deleted_text(deletion))


def confirm_view(user_id: int, asked_at: int) -> discord.ui.View:
    return stateless_view(DeleteButton(user_id, asked_at, confirm=True), DeleteButton(user_id, asked_at, confirm=False))


def deleted_text(deletion: DataDeletion) -> str:
    if deletion.total == 0:
        return "Recall had nothing stored about you: there was nothing to delete."
    parts = [f"{count} {TABLE_NAMES.get(table, table.replace('_', ' '))}"
             for table, count in sorted(deletion.removed.items(), key=lambda item: -item[1])]
    return f"Done: everything about you is deleted ({', '.join(parts)})."
