"""What two_shards.py runs against: a fake Discord with one server on each of 2 shards, the scenario that
clicks in both, the bot processes of each target (the floor; Recall owning shards 0-1; Recall as two
shard processes) on a fresh PostgreSQL database, and PostgreSQL's own CPU from /proc."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procstat import CLOCK_TICKS, cpu_seconds
from scenarios import Action, DistinctAnswersScenario, FloorScenario, members_of

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import RECALL_COMMAND, BotProcess, fake_env, recall_env
from tests.postgres_server import Server

SHARDS = 2
TARGETS: dict[str, list[str] | None] = {"floor": None, "recall-1p": ["0-1"], "recall-2p": ["0", "1"]}
"""Each target's processes, by the RECALL_SHARD_IDS each gets (None: the floor bot, unsharded)."""


def shard_of(guild_id: str | int) -> int:
    return (int(guild_id) >> 22) % SHARDS


def owned(shard_ids: str) -> set[int]:
    """The shards of a RECALL_SHARD_IDS value of the forms used here ("0", "0-1")."""
    low, _, high = shard_ids.partition("-")
    return set(range(int(low), int(high or low) + 1))


def make_fake(members: int) -> FakeDiscord:
    """Two servers, server i on shard i of 2, `members` members each and nobody else."""
    return FakeDiscord(guilds=SHARDS, guild_shards=SHARDS, members_per_guild=members, admin_name=None,
                       settle_s=0.02)


@dataclass
class GuildDistinctScenario(DistinctAnswersScenario):
    """load.py's "distinct" scenario in the given server (its "general" channel) instead of the first."""

    guild_id: str = ""

    async def prepare(self, fake: FakeDiscord) -> None:
        self.members = members_of(fake, self.guild_id)
        channel = fake.channel("general", self.guild_id)
        for poster in self.members[: min(self.questions, len(self.members) // 2)]:  # one each: the cooldown
            quiz = await fake.slash("quiz", user=poster, channel=channel, timeout=10)
            self.quizzes.append(self._with_buttons(quiz, "/quiz"))


@dataclass
class BothServersScenario:
    """Clicks alternate between the server of shard 0 and the server of shard 1: half each."""

    name: str
    parts: list[GuildDistinctScenario] = field(default_factory=list)
    _count: int = 0

    @property
    def repeats(self) -> int:
        return sum(part.repeats for part in self.parts)

    async def prepare(self, fake: FakeDiscord) -> None:
        for part in self.parts:
            await part.prepare(fake)

    def next_action(self, fake: FakeDiscord, rng: random.Random) -> Action:
        self._count += 1
        return self.parts[self._count % len(self.parts)].next_action(fake, rng)


def postgres_cpu_seconds(data_dir: Path) -> float:
    """CPU seconds of a PostgreSQL server so far: its postmaster, the children it reaped, the live ones."""
    postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    stat = Path(f"/proc/{postmaster}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    total = sum(int(fields[i]) for i in (11, 12, 13, 14)) / CLOCK_TICKS  # utime stime cutime cstime
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == postmaster:  # its parent
                total += cpu_seconds(int(entry.name))
        except (OSError, ValueError):
            continue  # ended meanwhile
    return total


async def _admin(server: Server, statement: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(server.admin_url)
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


@asynccontextmanager
async def fresh_database(server: Server) -> AsyncIterator[str]:
    """The URL of a new database migrated to the latest schema (so processes starting together never race
    to migrate it), dropped afterwards."""
    import asyncpg

    from bot.storage.postgres.migrate import migrate

    name = f"recall_bench_{uuid.uuid4().hex[:12]}"
    await _admin(server, f'CREATE DATABASE "{name}"')
    try:
        conn = await asyncpg.connect(server.url(name))
        try:
            await migrate(conn)
        finally:
            await conn.close()
        yield server.url(name)
    finally:
        await _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Target:
    """A target's processes, each with the shards it owns, and PostgreSQL's data folder when it is used
    and on this machine (for its CPU)."""

    name: str
    processes: list[tuple[BotProcess, set[int]]] = field(default_factory=list)
    postgres_data: Path | None = None


def recall_process(fake: FakeDiscord, log_dir: Path, name: str, url: str, shard_ids: str,
                   log_level: str) -> BotProcess:
    folder = log_dir / name  # on PostgreSQL the bot keeps its own few files in ./data
    folder.mkdir(parents=True, exist_ok=True)
    env = recall_env(fake, folder, log_level=log_level)
    del env["RECALL_DEV_GUILD_ID"]  # global commands: both servers have them
    env.update(RECALL_DATABASE_URL=url, RECALL_SHARD_COUNT=str(SHARDS), RECALL_SHARD_IDS=shard_ids)
    return BotProcess(RECALL_COMMAND, env, log_dir, name=name, cwd=folder)


@asynccontextmanager
async def started(name: str, fake: FakeDiscord, log_dir: Path, *, server: Server | None,
                  postgres_data: Path | None, questions: int, log_level: str,
                  ready_timeout: float) -> AsyncIterator[tuple[Target, Any]]:
    """The target's processes started and connected (every shard ready), with its scenario; stopped after."""
    shard_sets = TARGETS[name]
    target = Target(name)
    try:
        if shard_sets is None:
            floor = FloorScenario()
            bot = BotProcess(floor.command(), fake_env(fake), log_dir, name=name)
            target.processes.append((bot, set(range(SHARDS))))
            await bot.start(fake, timeout=ready_timeout)
            yield target, floor
            return
        if server is None:
            raise ValueError(f"{name} needs a PostgreSQL server")
        async with fresh_database(server) as url:
            target.postgres_data = postgres_data
            target.processes = [(recall_process(fake, log_dir, f"{name}-{ids}", url, ids, log_level), owned(ids))
                                for ids in shard_sets]
            try:
                for bot, _ in target.processes:
                    await bot.launch()
                await fake.wait_until_shards_ready(list(range(SHARDS)), SHARDS, timeout=ready_timeout)
                parts = [GuildDistinctScenario(guild_id=g.id, questions=questions) for g in fake.store.guilds.values()]
                yield target, BothServersScenario(name, parts)
            finally:
                for bot, _ in target.processes:  # before the database is dropped
                    await bot.stop()
    finally:
        for bot, _ in target.processes:
            await bot.stop()
