"""How fast a burst of "busy" refusals reaches Discord, through the fake Discord on 127.0.0.1.

    python benchmarks/discord/refusals.py --count 1000

`--count` click interactions are registered at the fake at once (their 3 s start then), and each is
refused, all started together, in one process with a logged-in discord.py client. Two paths, alternating:
- `http`: Recall's (`bot.app.lifecycle._refuse`): `client.http.request` with the callback route. All
  callbacks share one rate-limit bucket there, which starts with room for one request, so it looked like
  a queue; measured, it is not one (the bucket is not limited without Discord's rate-limit headers);
- `webhook`: discord.py's webhook adapter, keyed by the interaction, as discord.py answers interactions.
Reported: refusals accepted within Discord's 3 s, the last acceptance, and the process's CPU per refusal.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]

import discord  # noqa: E402
from discord.http import Route  # noqa: E402
from discord.webhook.async_ import async_context  # noqa: E402
from floor_bot import point_at  # noqa: E402
from scenarios import FloorScenario  # noqa: E402

from tests.e2e.fake_discord import FakeDiscord  # noqa: E402

DEADLINE_S = 3.0
BODY = {"type": 4, "data": {"content": "Recall is busy right now.", "flags": 64, "allowed_mentions": {"parse": []}}}


async def through_http(client: discord.Client, payload: dict[str, Any]) -> None:
    route = Route("POST", "/interactions/{interaction_id}/{interaction_token}/callback",
                  interaction_id=payload["id"], interaction_token=payload["token"])
    await client.http.request(route, json=BODY)


async def through_webhook(client: discord.Client, payload: dict[str, Any]) -> None:
    http = client.http
    route = Route("POST", "/interactions/{webhook_id}/{webhook_token}/callback",
                  webhook_id=payload["id"], webhook_token=payload["token"])
    session = http._HTTPClient__session  # type: ignore[attr-defined]  # as discord.py's interactions read it
    await async_context.get().request(route, session, payload=BODY, proxy=http.proxy, proxy_auth=http.proxy_auth)


async def run(path: str, count: int) -> dict[str, Any]:
    async with FakeDiscord(guilds=1, members_per_guild=50) as fake:
        await point_at(fake.api_base, fake.token)
        client = discord.Client(intents=discord.Intents.none())
        await client.login(fake.token)
        scenario = FloorScenario()
        await scenario.prepare(fake)
        rng = random.Random(7)
        payloads = [scenario.next_action(fake, rng).payload for _ in range(count)]
        send = through_webhook if path == "webhook" else through_http
        records = [fake.driver.register_interaction(payload) for payload in payloads]
        cpu, started = time.process_time(), time.perf_counter()
        outcomes = await asyncio.wait_for(
            asyncio.gather(*(send(client, payload) for payload in payloads), return_exceptions=True),
            timeout=120)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        await client.close()
        latencies = sorted(r.latency for r in records if r.latency is not None)
        return {
            "path": path,
            "count": count,
            "accepted_in_time": sum(1 for latency in latencies if latency <= DEADLINE_S),
            "refused_by_fake": sum(1 for outcome in outcomes if isinstance(outcome, Exception)),
            "last_accepted_s": round(latencies[-1], 2) if latencies else None,
            "all_done_s": round(elapsed, 2),
            "cpu_ms_per_refusal": round(cpu * 1000 / count, 3),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2, help="each path this many times, alternating")
    args = parser.parse_args()
    print(f"load average before: {Path('/proc/loadavg').read_text().strip()}")
    for _ in range(args.rounds):
        for path in ("http", "webhook"):
            print(asyncio.run(run(path, args.count)), flush=True)
    print(f"load average after: {Path('/proc/loadavg').read_text().strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
