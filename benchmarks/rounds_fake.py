"""`python -m benchmarks.rounds --via fake`: the same round through the real bot process and the fake Discord.

The bot (`python -m bot`) runs against the fake on 127.0.0.1 with the fake's global limit of 50
requests/s switched on (interaction and webhook routes exempt, as on Discord), a synthetic deck of 60
multiple-choice cards, and `--players` members in 4 teams: all join, then for every question each member
clicks an option at a random moment within `--window` seconds of the post (the right one 70 % of the
time), as INTERACTION_CREATE events sent without waiting for each other. Every REST request the bot made
is read from the fake's log: per question, per kind, the peak per second and the channel's messages
per 5 s, and any 429 the limit gave. Slower than the service run (real time: the 30 s join phase, then
each question until everyone answered and the 3 s pause), so the runner's table uses the service run.
"""

from __future__ import annotations

import asyncio
import random
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import RECALL_COMMAND, BotProcess, recall_env

DECK = "bench-round"
BUSY_PREFIX = "Recall is busy"  # the bot's shed reply (bot.app.admission): the member clicks again
RETRIES = 5
PATTERN = re.compile(r"\*\*Round \d+ · question (\d+)\*\*")


def deck_yaml(cards: int = 60) -> str:
    lines = [f"id: {DECK}", "title: Round benchmark", "cards:"]
    for n in range(cards):
        lines += [f"  - id: q{n}", "    kind: choice", "    level: beginner", f"    question: Question {n}?",
                  "    explanation: Because.", "    options:", "      - text: right", "        correct: true",
                  "      - text: wrong", "      - text: close", "      - text: far"]
    return "\n".join(lines) + "\n"


def kind_of(method: str, path: str) -> str:
    if path.startswith("/interactions/"):
        return "callback"
    if path.startswith("/webhooks/"):
        return "follow-up"
    if re.fullmatch(r"/channels/\d+/messages", path):
        return {"POST": "post", "GET": "history"}.get(method, method)
    if re.fullmatch(r"/channels/\d+/messages/\d+", path):
        return {"PATCH": "edit"}.get(method, method)
    return "other"


def peak(times: list[float], window: float) -> int:
    ordered, best, first = sorted(times), 0, 0
    for last, moment in enumerate(ordered):
        while moment - ordered[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


async def wait_for(predicate: Any, timeout: float) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


async def run_fake(players: int, questions: int, seconds: int, window: float, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content").mkdir()
        (root / "content" / f"{DECK}.yaml").write_text(deck_yaml(), encoding="utf-8")
        (root / "data").mkdir()
        async with FakeDiscord(members_per_guild=players, global_rate_limit=50, settle_s=0.02) as fake:
            env = recall_env(fake, root / "data", log_level="WARNING")
            env["RECALL_CONTENT_DIR"] = str(root / "content")
            bot = BotProcess(RECALL_COMMAND, env, root, name="recall")
            await bot.start(fake)
            try:
                return await _play(fake, players, questions, seconds, window, rng)
            finally:
                await bot.stop()


async def _play(fake: FakeDiscord, players: int, questions: int, seconds: int, window: float,
                rng: random.Random) -> dict[str, Any]:
    channel = fake.channel("general")
    members = [user for name, user in fake.users.items() if name != "dana"][:players]
    wall = time.perf_counter()
    started = await fake.slash("round start", {"deck": DECK, "questions": questions, "seconds": seconds, "teams": 4},
                               user=fake.users["dana"], timeout=10)
    join_ids = started.custom_ids()
    assert len(join_ids) == 4, started.text()
    first_request = len(fake.requests())
    counts = {"clicks": 0, "busy": 0, "too_late": 0}
    pending: set[asyncio.Task[Any]] = set()

    def click_at(message: dict[str, Any], custom_id: str, member: dict[str, Any], delay: float) -> None:
        task = asyncio.get_running_loop().create_task(_click(fake, message, custom_id, member, delay, counts, rng))
        pending.add(task)
        task.add_done_callback(pending.discard)

    for index, member in enumerate(members):  # joins spread over the first 20 s of the join phase
        click_at(started.message or {}, join_ids[index % 4], member, rng.uniform(0, 20))

    def posted(number: int) -> list[dict[str, Any]]:
        return [m for m in fake.channel_messages(channel)
                if (match := PATTERN.search(m.get("content") or "")) and int(match[1]) == number]

    for number in range(1, questions + 1):
        await wait_for(lambda n=number: posted(n), 60)
        (message,) = posted(number)
        ids = [c["custom_id"] for row in message["components"] for c in row["components"]]
        right = next(i for i in ids if i.endswith(":c0"))
        wrong = [i for i in ids if i != right]
        for member in members:
            click_at(message, right if rng.random() < 0.7 else rng.choice(wrong), member, rng.uniform(0, window))
        await wait_for(lambda m=message: "closed" in (m.get("content") or ""), seconds + 30)
    await wait_for(lambda: any("final scores" in (m.get("content") or "") for m in fake.channel_messages(channel)), 30)
    await fake.settle(0.5)
    for task in list(pending):
        task.cancel()
    wall = time.perf_counter() - wall
    requests = fake.requests()[first_request:]
    kinds: dict[str, list[float]] = {}
    for request in requests:
        kinds.setdefault(kind_of(request.method, request.path), []).append(request.time)
    bot_own = [t for kind, times in kinds.items() if kind not in ("callback", "follow-up") for t in times]
    channel_messages = kinds.get("post", []) + kinds.get("edit", [])
    limited = sum(1 for r in requests if r.status == 429)
    return {
        "via": "fake Discord, real bot process", "players": players, "questions": questions,
        "seconds_per_question": seconds, "answer_window_s": window,
        "requests_by_kind": {kind: len(times) for kind, times in sorted(kinds.items())},
        "bot_requests_per_question": round(len(bot_own) / questions, 2),
        "answer_callbacks_per_question": round((len(kinds.get("callback", [])) - len(members)) / questions, 1),
        "join_callbacks": len(members),
        "peak_bot_requests_per_1s": peak(bot_own, 1.0),
        "peak_channel_messages_per_5s": peak(channel_messages, 5.0),
        "peak_callbacks_per_1s": peak(kinds.get("callback", []), 1.0),
        "answered_429": limited,
        "clicks": counts["clicks"], "busy_replies_clicked_again": counts["busy"],
        "clicks_after_close": counts["too_late"],
        "unanswered_interactions": len(fake.unanswered_interactions()),
        "late_interactions": len(fake.late_interactions()),
        "wall_seconds": round(wall, 1),
    }



async def _click(fake: FakeDiscord, message: dict[str, Any], custom_id: str, member: dict[str, Any], delay: float,
                 counts: dict[str, int], rng: random.Random) -> None:
    """A member's click `delay` seconds from now (its id, which carries its time, made then too); a "busy"
    reply is clicked again a moment later, as a person would; a button gone (the question closed) is counted."""
    await asyncio.sleep(delay)
    for _ in range(RETRIES):
        try:
            payload = fake.driver.click_payload(fake.store.messages.get(message["id"], message), custom_id, user=member)
        except LookupError:
            counts["too_late"] += 1
            return
        counts["clicks"] += 1
        record = await fake.driver.send_interaction(payload)
        try:
            async with asyncio.timeout(5):
                await record.answered.wait()
        except TimeoutError:
            return
        content = str(((record.callback or {}).get("data") or {}).get("content") or "")
        if not content.startswith(BUSY_PREFIX):
            return
        counts["busy"] += 1
        await asyncio.sleep(rng.uniform(0.5, 1.5))
