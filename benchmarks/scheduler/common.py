"""Shared set-up: services on a fresh SQLite file with many schedules, and a counting stub sender."""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.app import wiring
from bot.content.loader import load_decks
from bot.services.bundle import Services

CONTENT = Path(__file__).resolve().parents[2] / "content"
DECK = "model-optimization-nlp"


async def open_services(path: Path) -> Services:
    return await wiring.open_services(f"sqlite:///{path}", load_decks([CONTENT]).decks)


async def add_schedules(services: Services, plans: list[tuple[str, str]], now: datetime) -> None:
    """One server per (time, timezone), each with one schedule; added 500 at a time (group-committed)."""
    for start in range(0, len(plans), 500):
        await asyncio.gather(*(
            services.scheduling.add(guild_id, 1, channel_id=guild_id * 10, time=at, timezone=zone, deck_id=DECK,
                                    kind="mixed", now=now)
            for guild_id, (at, zone) in enumerate(plans[start:start + 500], start=start + 1)
        ))


def spread_plans(count: int, zones: list[str], rng: random.Random) -> list[tuple[str, str]]:
    plans = []
    for index in range(count):
        zone = zones[index % len(zones)]
        at = "09:00" if rng.random() < 1 / 3 else f"{rng.randrange(24):02d}:{rng.randrange(60):02d}"
        plans.append((at, zone))
    return plans


class CountingSender:
    """Stands in for Discord: returns a message id at once and notes when each request started."""

    def __init__(self) -> None:
        self.ids = itertools.count(10**17)
        self.started: list[float] = []

    async def send_post(self, post: Any) -> int:
        self.started.append(time.monotonic())
        return next(self.ids)

    async def find_post(self, channel_id: int, marker: str) -> int | None:
        return None

    async def notify_admins(self, guild_id: int, text: str) -> bool:
        return True

    async def end_poll(self, channel_id: int, message_id: int) -> None:
        return None

    async def poll_voters(self, channel_id: int, message_id: int) -> dict[int, set[int]]:
        return {}

    async def reply(self, channel_id: int, message_id: int, text: str) -> int:
        return next(self.ids)

    async def find_reply(self, channel_id: int, message_id: int) -> int | None:
        return None

    async def send_dm(self, user_id: int, text: str) -> bool:
        return True

    def busiest_second(self) -> int:
        """The most requests started within any 1-second window."""
        best, low = 0, 0
        for high, moment in enumerate(self.started):
            while moment - self.started[low] >= 1.0:
                low += 1
            best = max(best, high - low + 1)
        return best
