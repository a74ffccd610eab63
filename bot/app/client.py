"""The Discord client: default intents, no pings, one command tree, persistent buttons, lazy sync."""

from __future__ import annotations

import gc
import logging
import random
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.app.fallback import FallbackRouter
from bot.app.gateway import use_server_gateway
from bot.app.reply_language import ServerLanguages
from bot.app.reply_language import install as install_reply_language
from bot.app.sync import hash_file_for, sync_if_changed
from bot.app.translator import CatalogueTranslator
from bot.app.tree import RecallTree
from bot.cogs.card_media import CardMedia
from bot.cogs.drill.runs import RunStore
from bot.cogs.language.voices import member_seen

if TYPE_CHECKING:
    from bot.services.bundle import Services
    from bot.settings import Settings

log = logging.getLogger("recall.client")

# One package per feature; each has `async def setup(bot)` (discord.py extensions).
COGS = (
    "bot.cogs.flashcard",
    "bot.cogs.cloze",  # cloze gap buttons: /flashcard, /drill and /review show gaps
    "bot.cogs.quiz",
    "bot.cogs.explain",
    "bot.cogs.reports",  # "Report a problem" under the answers of the three cogs above
    "bot.cogs.drill",
    "bot.cogs.progress",
    "bot.cogs.library",
    "bot.cogs.timezone",
    "bot.cogs.mydata",
    "bot.cogs.schedule",
    "bot.cogs.admin",
    "bot.cogs.suggest",  # /suggest, the suggestions in /deck queue, "Edit card"
    "bot.cogs.rounds",
    "bot.cogs.rewards",  # after admin: its subgroup joins /settings
    "bot.cogs.language",  # after admin: /settings language
)


class RecallBot(commands.Bot):
    """Holds the bundle of services (`bot.services`: cogs reach it through `bot.cogs.common.learning` and
    `catalogue`, or `bot.services.admin`, `.scheduling`, `.polls`) and randomness (`bot.rng`)."""

    def __init__(self, settings: Settings, services: Services, rng: random.Random | None = None,
                 card_media: CardMedia | None = None, **client_options: Any) -> None:
        # client_options: discord.py's shard_count/shard_ids when built sharded (bot/app/sharding.py)
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            tree_cls=RecallTree,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            chunk_guilds_at_startup=False,
            max_messages=None,
            **client_options,
        )
        self.settings = settings
        self.services = services
        self.rng = rng or random.Random()
        self.router = FallbackRouter()
        self.drill_runs = RunStore()
        self.card_media = card_media or CardMedia()  # the files card messages carry (media, formulas)
        self._heap_frozen = False
        self.server_languages = ServerLanguages()  # each server's /settings language (bot.app.reply_language)

    async def setup_hook(self) -> None:
        from bot.app.grading_layers import announce

        announce()  # which grading layers are on: once, now that the token was accepted
        self.card_media.renderer.announce()  # and whether formulas are drawn
        if self.settings.api_base:
            gateway = await use_server_gateway(self)
            log.info("using the gateway %s", gateway)
        # Outermost wrapper of the interaction parser: the refusals it may send are in the member's language.
        install_reply_language(self._connection.parsers, self.server_languages, seen=member_seen(self))
        for name in COGS:
            await self.load_extension(name)
        self.router.watch(self)
        await self.tree.set_translator(CatalogueTranslator())  # localized names and descriptions, synced
        assert self.application_id is not None
        # On PostgreSQL there is no database file to sit beside: the hash file goes in the data folder.
        hashes = hash_file_for(self.settings.database_file or self.settings.data_folder / "postgresql")
        await sync_if_changed(self.tree, self.application_id, hashes, self.settings.dev_guild_id)

    async def on_ready(self) -> None:
        log.info("ready as %s in %d servers", self.user, len(self.guilds))
        if not self._heap_frozen:
            # Everything loaded so far (decks, servers, libraries) lives as long as the process: keep
            # it out of the cyclic GC, whose full passes over it stalled answers by 100-400 ms.
            self._heap_frozen = True
            gc.collect()
            gc.freeze()

    async def on_message(self, message: discord.Message) -> None:
        # No prefix commands: answers come through buttons and modals.
        return
