"""The composition root of the Discord front end: settings -> logging -> decks -> services -> client.

Operator-facing failures (no token, rejected token, unusable database) end with one line on stderr
and a non-zero exit code, never a traceback; the token is never printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from typing import TYPE_CHECKING

import aiohttp
import discord

from bot.core.messages import N_
from bot.i18n.languages import SOURCE_LANGUAGE
from bot.i18n.voice import say, say_error, say_marked, speaking
from bot.ops.logging_setup import configure_logging
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app.admission import Admission
    from bot.app.client import RecallBot
    from bot.app.lifecycle import InteractionTracker
    from bot.app.shard_supervisor import Keeper, ShardsChanged, ShardSupervisor
    from bot.cogs.card_media import CardMedia
    from bot.core.shards import ShardSet
    from bot.services.bundle import Services

log = logging.getLogger("recall")

EXIT_CONFIG = 2
EXIT_FAILURE = 1
# Tests only, with RECALL_TEST_MODE=1: seconds every grading call holds the grading thread first.
GRADING_PAUSE_VARIABLE = "RECALL_TEST_GRADING_PAUSE"
TOKEN_REJECTED = N_("Discord rejected DISCORD_TOKEN ({code}): check the token in the environment or .env")


def run_bot(settings: Settings) -> int:
    configure_logging(settings.log_level, settings.log_format, secrets=[settings.discord_token])
    from bot.app.clock import TEST_MODE_VARIABLE, ClockError, start_clock

    try:  # first, so a test-mode bot says so in its first log line
        clock_note = start_clock(os.environ)
    except ClockError as error:
        print(f"recall: {say_error(error)}", file=sys.stderr)
        return EXIT_CONFIG
    if clock_note is not None:
        log.log(*clock_note)
    pause = os.environ.get(GRADING_PAUSE_VARIABLE, "").strip()
    if pause and os.environ.get(TEST_MODE_VARIABLE, "").strip() == "1":
        from bot.services.grading_worker import pause_before_grading_for_tests

        try:
            pause_before_grading_for_tests(float(pause))
        except ValueError:
            print(f"recall: {GRADING_PAUSE_VARIABLE}={pause[:20]!r} is not a number of seconds", file=sys.stderr)  # i18n: not shown (tests only)
            return EXIT_CONFIG
        log.warning("test mode: every grading call first holds the grading thread %s s", pause)
    from bot.app.admission import admission_from

    try:
        admission = admission_from(os.environ)
    except ValueError as error:
        print(f"recall: {error}", file=sys.stderr)
        return EXIT_CONFIG
    from bot.app.grading_layers import start_grading_layers
    from bot.settings import SettingsError

    try:  # the optional semantic layer refuses to start half-configured (bot/app/grading_layers.py)
        start_grading_layers(settings)  # its line is logged once logged in (RecallBot.setup_hook)
    except SettingsError as error:
        print(f"recall: {say_error(error)}", file=sys.stderr)
        return EXIT_CONFIG
    from bot.app.wiring import backend_for
    from bot.database_url import DatabaseUrlError
    from bot.ops.instance_lock import InstanceLock, InstanceLocked
    from bot.terminal.wording import error_text  # the lock's refusals, in the terminal's language

    try:  # a URL the settings accept but no backend serves yet is refused before anything starts
        backend_for(settings.database_url)
    except DatabaseUrlError as error:
        print(f"recall: {say_error(error)}", file=sys.stderr)
        return EXIT_CONFIG

    database_file = settings.database_file
    lock = None
    if database_file is None:  # PostgreSQL: many processes may share the server (shard leases, not a file lock)
        log.info("PostgreSQL database: no instance lock file (only a SQLite file is locked to one process)")
    else:
        try:
            lock = InstanceLock(database_file).acquire()
        except InstanceLocked as locked:
            print(f"recall: {error_text(locked)}", file=sys.stderr)
            return EXIT_FAILURE
        except OSError as error:  # LockFileError: names the folder or lock file that failed, and why
            print(f"recall: {error_text(error)}", file=sys.stderr)
            return EXIT_FAILURE
    try:
        return asyncio.run(_serve(settings, admission))
    except KeyboardInterrupt:
        return 0
    finally:
        if lock is not None:
            lock.release()


def _start_daily_backups(settings: Settings) -> asyncio.Task[None] | None:
    """The daily copy of the database, when RECALL_BACKUP_DIR is set (and the database is a SQLite file)."""
    from bot.ops.daily_backup import started_for

    if settings.backup_dir is None or not started_for(settings.database_url, settings.backup_dir):
        return None
    from bot.app.clock import utcnow
    from bot.ops.daily_backup import daily_backups

    log.info("daily backups to %s, keeping %d", settings.backup_dir, settings.backup_keep)
    return asyncio.get_running_loop().create_task(
        daily_backups(settings.database_path, settings.backup_dir, settings.backup_keep, clock=utcnow),
        name="daily-backups",  # i18n: not shown (a task name)
    )


async def _serve(settings: Settings, admission: Admission) -> int:
    from bot.app.gateway import point_rest_at
    from bot.app.wiring import open_services
    from bot.content.isolated import DeckCheckFailed, check_content, check_texts
    from bot.services.errors import RecallError

    if settings.api_base:
        point_rest_at(settings.api_base, settings.cdn_base)
    try:
        content = await check_content([settings.content_dir])
        for problem in content.problems:
            log.warning("deck problem: %s", problem)
        if not content.decks:
            log.warning("no decks loaded from %s: commands will say there is nothing to study", settings.content_dir)
        services = await open_services(settings.database_url, content.decks, deck_checker=check_texts)
    except DeckCheckFailed as error:
        print("recall: " + say("can't check the decks: {error}", error=str(error)), file=sys.stderr)
        return EXIT_FAILURE
    except RecallError as error:
        print(f"recall: {say_error(error)}", file=sys.stderr)
        return EXIT_FAILURE

    # Recall never joins voice: discord.py's warnings about voice libraries are noise here.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    from bot.cogs.card_media import CardMedia
    from bot.ops.math_render import MathRenderer

    renderer = MathRenderer(config_dir=settings.data_folder / "matplotlib")
    card_media = CardMedia(content.media, renderer, services.admin.media_file)
    serving = _Serving(settings, services, card_media, admission)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, lambda: loop.create_task(serving.stop()))
    code, message = 0, None
    backups = _start_daily_backups(settings)
    try:
        # The bot writes in English unless an interaction, a server or a member says otherwise: the
        # terminal's language (LANG, set around every command by bot/cli.py) is only for these lines.
        with speaking(SOURCE_LANGUAGE):
            await serving.run()
    except discord.LoginFailure:
        code, message = EXIT_CONFIG, say_marked(TOKEN_REJECTED, code="401")
    except discord.ConnectionClosed as closed:
        if closed.code == 4004:
            code, message = EXIT_CONFIG, say_marked(TOKEN_REJECTED, code="gateway 4004")
        else:
            code, message = EXIT_FAILURE, say("the gateway closed the connection (code {code})", code=str(closed.code))
    except discord.GatewayNotFound:
        code, message = EXIT_FAILURE, say("the server at DISCORD_API_BASE gave no gateway URL (GET /gateway/bot)")
    except (aiohttp.ClientError, OSError) as error:
        code, message = EXIT_FAILURE, say("can't reach {server}: {error}", server=settings.api_base or "Discord",
                                          error=error.__class__.__name__)
    finally:
        if backups is not None:
            backups.cancel()
        await services.close()
    if message:
        print(f"recall: {message}", file=sys.stderr)
    return code


class _Serving:
    """The Discord client(s) of this process: one client for every server, or, with shard settings on
    PostgreSQL, a client rebuilt for the shards whose lease this process holds (`ShardSupervisor`)."""

    def __init__(self, settings: Settings, services: Services, card_media: CardMedia, admission: Admission) -> None:
        self.settings, self.services, self.card_media, self.admission = settings, services, card_media, admission
        self.bot: RecallBot | None = None
        self.tracker: InteractionTracker | None = None
        self.supervisor: ShardSupervisor | None = None

    async def run(self) -> None:
        from bot.app.shard_supervisor import ShardSupervisor
        from bot.app.wiring import shard_lease_keeper

        shards = self.settings.shards
        if shards is None:  # unsharded, or auto (every shard here): one client, as without shards
            await self.serve(None)
            return

        def keeper_for(wanted: ShardSet, on_gained: ShardsChanged, on_lost: ShardsChanged) -> Keeper:
            keeper = shard_lease_keeper(self.settings.database_url, wanted.ids, on_gained, on_lost)
            assert keeper is not None, "shard settings are refused on a backend without leases"
            return keeper

        self.supervisor = ShardSupervisor(shards, self.serve, self.close_client, keeper_for)
        await self.supervisor.run()

    async def serve(self, shards: ShardSet | None) -> None:
        """One client for `shards` (None: the settings' own), until it is closed."""
        from bot.app.lifecycle import InteractionTracker
        from bot.app.sharding import build_bot

        bot = build_bot(self.settings, self.services, shards, card_media=self.card_media)
        # SIGTERM (docker stop): refuse new interactions, finish those in flight, close; services close after.
        self.bot, self.tracker = bot, InteractionTracker.install(bot, self.admission)
        async with bot:  # closing removes the cogs: the schedule cog ends its scheduler first
            await bot.start(self.settings.discord_token, reconnect=True)

    async def close_client(self) -> None:
        """Close the running client at once (its shards changed hands): interactions in flight are cut."""
        if self.bot is not None:
            await self.bot.close()

    async def stop(self) -> None:
        """SIGTERM: finish the interactions in flight, close the client, release the shard leases."""
        from bot.app.lifecycle import stop

        if self.bot is not None and self.tracker is not None:
            await stop(self.bot, self.tracker)  # first: the supervisor would close the client without draining
        if self.supervisor is not None:
            await self.supervisor.stop()
