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
from collections.abc import Callable, Iterable

import discord

from bot.cogs.progress.embeds import leaderboard_title
from bot.core.messages import N_
from bot.i18n.languages import SOURCE_LANGUAGE
from bot.i18n.voice import reply_language, say, say_marked, say_n, speaking
from bot.services.api import Leaderboard

SCOREBOARD_FILE = "leaderboard.png"
LOOKUP_SECONDS = 2.0
NAME_TTL_SECONDS = 600.0
MAX_CACHED_NAMES = 4096
FORMER_MEMBER = N_("former member")
UNKNOWN_NAME = N_("name unavailable")
GONE = ""  # cached for a member who left (no display name is empty): named in the reader's language when shown
POINTS_SUBTITLES = {"week": N_("points this week"), "month": N_("points this month"), "all": N_("points all time")}
ACCURACY_SUBTITLES: dict[str, Callable[[int], str]] = {
    "week": lambda count: say_n(
        "accuracy this week, in % of answers (at least {count} answer)",
        "accuracy this week, in % of answers (at least {count} answers)", count),
    "month": lambda count: say_n(
        "accuracy this month, in % of answers (at least {count} answer)",
        "accuracy this month, in % of answers (at least {count} answers)", count),
    "all": lambda count: say_n(
        "accuracy all time, in % of answers (at least {count} answer)",
        "accuracy all time, in % of answers (at least {count} answers)", count),
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
                found[user_id] = name or say_marked(FORMER_MEMBER)
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
                    found[user_id] = say_marked(FORMER_MEMBER)
                    self.remember(guild.id, user_id, GONE)
                else:
                    found[user_id] = say_marked(UNKNOWN_NAME)
        return found


def picture_value(board: Leaderboard, value: float) -> int:
    """The whole number drawn for a row: points, days of streak, or accuracy in percent."""
    return round(value * 100) if board.metric == "accuracy" else int(value)


def subtitle(board: Leaderboard) -> str:
    if board.metric == "streak":
        return say("current streak, in days")
    if board.metric == "accuracy":
        return ACCURACY_SUBTITLES[board.period](board.min_attempts)
    return say_marked(POINTS_SUBTITLES[board.period])


def picture_language(board: Leaderboard) -> str:
    """The language drawn into the picture: the reader's when Pillow's font can draw its title and subtitle
    (accents it lacks become plain letters, `bot.ops.font_fallback`), else English. The font has no Japanese,
    and boxes would say nothing; the message's own title, just above the picture, is translated."""
    from bot.ops.font_fallback import has_glyph, with_stand_ins

    texts = leaderboard_title(board) + subtitle(board)
    drawable = all(has_glyph(char) for char in with_stand_ins(texts) if not char.isspace())
    return reply_language() if drawable else SOURCE_LANGUAGE


async def leaderboard_picture(board: Leaderboard, names: dict[int, str]) -> discord.File:
    """The board drawn off the event loop, as an attachment with alt text for screen readers."""
    # Imported here: Pillow costs about 3 MiB of RSS, paid only once someone asks for a picture.
    from bot.ops.scoreboard_image import ScoreRow, render_scoreboard

    alt_text = say("The leaderboard as a picture; the same ranking is written out in the message.")
    stand_ins = {say_marked(FORMER_MEMBER): FORMER_MEMBER, say_marked(UNKNOWN_NAME): UNKNOWN_NAME}
    with speaking(picture_language(board)):
        drawn = {user_id: say_marked(stand_ins[name]) if name in stand_ins else name for user_id, name in names.items()}
        unknown = say_marked(UNKNOWN_NAME)
        rows = [ScoreRow(row.rank, drawn.get(row.user_id, unknown), picture_value(board, row.value))
                for row in board.rows]
        title, drawn_subtitle = leaderboard_title(board), subtitle(board)
    picture = await asyncio.to_thread(render_scoreboard, title, rows, subtitle=drawn_subtitle)
    return discord.File(io.BytesIO(picture), filename=SCOREBOARD_FILE, description=alt_text)
