"""The files a card's message carries: its picture and sound (a built-in deck's from its media folder, a
server's uploaded deck's from that server's media in the database), and a picture of its formulas. The text form stays in the message (screen readers, the terminal, a failed
drawing); the files come on top.

The deck loader checked the media when the deck was loaded (bot.content.media); here the file is read
off the event loop (asyncio.to_thread) and checked again in the same way, since the folder may have
changed since. An uploaded deck's files are looked up by the deck's owner server, as the catalogue
resolved it for the member (never an id from a button), so no server sees another's media.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.content.media import MAX_CARD_MEDIA_BYTES, MAX_MEDIA_FILE_BYTES, content_problem, file_problem
from bot.core.deck import is_web_link
from bot.i18n.voice import say
from bot.ops.math_render import MathRenderer

if TYPE_CHECKING:
    from bot.app.client import RecallBot
    from bot.cogs.common import Reply

log = logging.getLogger("recall.media")

MATH_FILE = "math.png"


@dataclass
class CardMedia:
    """What the bot knows to attach files: each built-in deck's media folder, the servers' media (owner
    server, file name -> bytes), and the math renderer."""

    folders: Mapping[str, Path] = field(default_factory=dict)
    renderer: MathRenderer = field(default_factory=lambda: MathRenderer(enabled=False))
    server_media: Callable[[int, str], Awaitable[bytes | None]] | None = None

    async def attach(self, reply: Reply, deck_id: str, card: Any, texts: Sequence[str], *,
                     media: bool = True, owner: int = 0) -> Reply:
        """`reply` with the card's picture and sound (when `media`) and the picture of the formulas in
        `texts` attached; the embed shows the card's picture, or else the formulas. `owner`: the deck's
        owner (0: built-in, else the server that uploaded it)."""
        files: list[discord.File] = []
        total = 0
        picture: str | None = None
        if media:
            for kind in ("image", "audio"):
                name = getattr(card, kind, None)
                if name is None or (kind == "image" and is_web_link(name)):
                    continue
                data = await self._read(deck_id, name, kind, owner)
                if data is not None:
                    files.append(discord.File(io.BytesIO(data), filename=name))
                    total += len(data)
                    picture = name if kind == "image" else picture
        formulas = await self.renderer.render(texts)
        math_name = MATH_FILE if picture != MATH_FILE else "formulas.png"  # a deck's own math.png keeps its name
        drawn = formulas is not None and total + len(formulas) <= MAX_CARD_MEDIA_BYTES
        if formulas is not None and drawn:
            files.append(discord.File(io.BytesIO(formulas), filename=math_name,
                                      description=say("The formulas of the text above, drawn")))
        if reply.embed is not None:
            shown = picture or (math_name if drawn else None)
            if shown is not None and reply.embed.image.url is None:
                reply.embed.set_image(url=f"attachment://{shown}")
        reply.files.extend(files)
        return reply

    async def _read(self, deck_id: str, name: str, kind: str, owner: int) -> bytes | None:
        if owner:
            return await self._read_server(owner, name, kind)
        folder = self.folders.get(deck_id)
        if folder is None:
            return None
        return await asyncio.to_thread(_read_checked, folder, name, kind)


    async def _read_server(self, owner: int, name: str, kind: str) -> bytes | None:
        """The file from the owner server's media (aiosqlite: off the event loop), checked again."""
        data = await self.server_media(owner, name) if self.server_media is not None else None
        if data is None:
            return None
        problem = content_problem(name, name, kind, len(data), data[:16])
        if problem is not None:
            log.warning("card media %s of server %s not sent: %s", name, owner, problem)
            return None
        return data


def _read_checked(folder: Path, name: str, kind: str) -> bytes | None:
    problem, _ = file_problem(folder, name, kind)
    if problem is not None:
        log.warning("card media %s of %s not sent: %s", name, folder, problem)
        return None
    with (folder / name).open("rb") as file:
        data = file.read(MAX_MEDIA_FILE_BYTES + 1)
    return data if len(data) <= MAX_MEDIA_FILE_BYTES else None


def card_media(interaction: discord.Interaction) -> CardMedia:
    return cast("RecallBot", interaction.client).card_media
