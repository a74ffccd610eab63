"""The /leaderboard picture: the service's ranking with the names members chose in this server.

The text version shows mentions, which Discord turns into names on the reader's screen; a picture needs
the names themselves. Without the members intent the client caches almost no members, so the missing
ones are fetched (at most one request per row, all at once, cut off after `LOOKUP_SECONDS`) and kept for
`NAME_TTL_SECONDS`, so a busy channel asking again costs nothing.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections import OrderedDict
from collections.abc import Iterable

import discord

from bot.cogs.progress.embeds import PERIOD_NAMES, leaderboard_title
from bot.services.api import Leaderboard

SCOREBOARD_FILE = "leaderboard.png"
ALT_TEXT = "The leaderboard as a picture; the same ranking is written out in the message."
LOOKUP_SECONDS = 2.0
NAME_TTL_SECONDS = 600.0
MAX_CACHED_NAMES = 4096
FORMER_MEMBER = "former member"
UNKNOWN_NAME = "name unavailable"
SUBTITLES = {
    "points": "points {period}",
    "streak": "current streak, in days",
    "accuracy": "accuracy {period}, in % of answers (at least {min_attempts} answers)",
}


class MemberNames:
    """Display names by (server, member), from the client's cache, this cache, or one fetch each."""

    def __init__(self) -> None:
        self._names: OrderedDict[tuple[int, int], tuple[str, float]] = OrderedDict()

    def remember(self, guild_id: int, user_id: int, name: str) -> None:
        self._names[(guild_id, user_id)] = (name, time.monotonic() + NAME_TTL_SECONDS)
        self._names.move_to_end((guild_id, user_id))
        while len(self._names) > MAX_CACHED_NAMES:
            self._names.popitem(last=False)

    def _cached(self, guild_id: int, user_id: int) -> str | None:
        entry = self._names.get((guild_id, user_id))
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    async def names(self, guild: discord.Guild, user_ids: Iterable[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        missing: list[int] = []
        for user_id in dict.fromkeys(user_ids):
            member = guild.get_member(user_id)
            name = member.display_name if member is not None else self._cached(guild.id, user_id)
            if name is None:
                missing.append(user_id)
            else:
                found[user_id] = name
        if missing:
            fetches = [asyncio.ensure_future(guild.fetch_member(user_id)) for user_id in missing]
            done, pending = await asyncio.wait(fetches, timeout=LOOKUP_SECONDS)
            for task in pending:
                task.cancel()
            for user_id, task in zip(missing, fetches, strict=True):
                if task in done and task.exception() is None:
                    found[user_id] = task.result().display_name
                    self.remember(guild.id, user_id, found[user_id])
                elif task in done and isinstance(task.exception(), discord.NotFound):
                    found[user_id] = FORMER_MEMBER
                    self.remember(guild.id, user_id, FORMER_MEMBER)
                else:
                    found[user_id] = UNKNOWN_NAME
        return found


def picture_value(board: Leaderboard, value: float) -> int:
    """The whole number drawn for a row: points, days of streak, or accuracy in percent."""
    return round(value * 100) if board.metric == "accuracy" else int(value)


async def leaderboard_picture(board: Leaderboard, names: dict[int, str]) -> discord.File:
    """The board drawn off the event loop, as an attachment with alt text for screen readers."""
    # Imported here: Pillow costs about 3 MiB of RSS, paid only once someone asks for a picture.
    from bot.ops.scoreboard_image import ScoreRow, render_scoreboard

    rows = [ScoreRow(row.rank, names.get(row.user_id, UNKNOWN_NAME), picture_value(board, row.value))
            for row in board.rows]
    subtitle = SUBTITLES[board.metric].format(period=PERIOD_NAMES[board.period], min_attempts=board.min_attempts)
    picture = await asyncio.to_thread(render_scoreboard, leaderboard_title(board), rows, subtitle=subtitle)
    return discord.File(io.BytesIO(picture), filename=SCOREBOARD_FILE, description=ALT_TEXT)
