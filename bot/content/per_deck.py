"""Uploaded decks are checked in child processes one deck at a time, each under limits of its own: an
upload, and at start every stored deck the cache doesn't know (bot/services/deck_checks.py).

One child checks a batch of decks. Before each deck it sets its CPU limit to what it has used so far
plus DECK_CPU_SECONDS (the kernel stops it past that), and it sends each deck's verdict as soon as it
has it; the bot waits at most DECK_WALL_SECONDS for each. A deck that makes the child die (out of CPU
time, a crash) or go silent gets an error of its own, and a new child takes the decks after it. So a
hostile deck costs its own limit and nothing more: the other decks are checked, and the bot starts.
The deck a child stopped on is tried once more at the head of a new child before it is blamed (the
child may have died between two decks). `DeckCheckFailed` means no child could start at all.

The frames a child writes: an 8-byte big-endian length, then that many bytes; first an empty frame
(started: the loader is imported), then one pickled verdict per deck, in order. The parent unpickles
deck classes only (bot.content.isolated).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO

from bot.content.isolated import CheckedText, DeckCheckFailed, child_env, read_checked_text
from bot.core.messages import N_, Marked, plain

DECK_CPU_SECONDS = 10  # an upload at the 1 MB limit takes well under 1 s
DECK_WALL_SECONDS = 30.0  # per deck, on a busy machine
START_SECONDS = 60.0  # a new child imports the YAML reader and pydantic first
START_CPU_SECONDS = 30
BATCH_DECKS = 200
BATCH_BYTES = 32 * 1024 * 1024
MAX_FRAME_BYTES = 256 * 1024 * 1024
CHILD_MODULE = "bot.content.per_deck"
_HEADER = 8


async def check_each(
    texts: Sequence[tuple[str, str]],
    *,
    child_module: str = CHILD_MODULE,
    deck_cpu_seconds: int = DECK_CPU_SECONDS,
    deck_wall_seconds: float = DECK_WALL_SECONDS,
) -> list[CheckedText]:
    """A verdict per (text, file name), in order: the deck (None if it has errors), errors, warnings."""
    results: list[CheckedText | None] = [None] * len(texts)
    queue = list(range(len(texts)))
    while queue:
        batch = _batch(queue, texts)
        verdicts, failure = await _run_child([texts[i] for i in batch], child_module, deck_cpu_seconds,
                                             deck_wall_seconds)
        for index, verdict in zip(batch, verdicts, strict=False):
            results[index] = verdict
        queue = queue[len(verdicts) :]
        if failure is not None and not verdicts:  # it stopped on the first deck of its batch: that deck
            name = texts[queue[0]][1]
            results[queue.pop(0)] = (None, [Marked(N_("{file}: the deck checker gave up on this deck ({why}); make "
                                                      "it smaller or simpler"), file=name, why=failure)], [])
    return [result for result in results if result is not None]


def _batch(queue: list[int], texts: Sequence[tuple[str, str]]) -> list[int]:
    batch: list[int] = []
    size = 0
    for index in queue:
        size += len(texts[index][0])
        if batch and (len(batch) >= BATCH_DECKS or size > BATCH_BYTES):
            break
        batch.append(index)
    return batch


async def _run_child(texts: list[tuple[str, str]], child_module: str, cpu_seconds: int,
                     wall_seconds: float) -> tuple[list[CheckedText], Marked | None]:
    """The verdicts one child gave, in order, and why it stopped early (None if it checked them all)."""
    request = json.dumps({"texts": [list(pair) for pair in texts], "deck_cpu_seconds": cpu_seconds}).encode()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", child_module, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=child_env(),
    )
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    feeding = asyncio.ensure_future(_feed(process.stdin, request))
    errors = asyncio.ensure_future(_last_line(process.stderr))
    verdicts: list[CheckedText] = []
    failure: Marked | None = None
    try:
        try:
            await asyncio.wait_for(_frame(process.stdout), START_SECONDS)
        except TimeoutError:
            raise DeckCheckFailed(f"the deck checker did not start within {START_SECONDS:.0f} s") from None  # i18n: not shown (logged)
        except asyncio.IncompleteReadError:
            code = await _exit_code(process)
            message = await errors or "no message"  # i18n: not shown (logged)
            raise DeckCheckFailed(f"the deck checker stopped with code {code}: {message}") from None  # i18n: not shown (logged)
        while len(verdicts) < len(texts):
            try:
                verdicts.append(read_checked_text(await asyncio.wait_for(_frame(process.stdout), wall_seconds)))
            except TimeoutError:
                failure = Marked(N_("no verdict within {seconds} s"), seconds=f"{wall_seconds:.0f}")
            except asyncio.IncompleteReadError:
                failure = _why_it_stopped(await _exit_code(process), cpu_seconds, await errors)
            except DeckCheckFailed as error:
                failure = plain(str(error))
            if failure is not None:
                break
    finally:
        await _stop(process)
        feeding.cancel()
        errors.cancel()
        await asyncio.gather(feeding, errors, return_exceptions=True)
    return verdicts, failure


def _why_it_stopped(code: int | None, cpu_seconds: int, last_line: str) -> Marked:
    if code == -signal.SIGXCPU:
        return Marked(N_("more than {seconds} s of CPU"), seconds=str(cpu_seconds))
    if code == -signal.SIGKILL:
        return Marked(N_("the checker was killed, perhaps out of memory"))
    if not last_line:
        return Marked(N_("the checker stopped with code {code}: no message"), code=str(code))
    return Marked(N_("the checker stopped with code {code}: {message}"), code=str(code), message=last_line)


async def _feed(stdin: asyncio.StreamWriter, request: bytes) -> None:
    with contextlib.suppress(ConnectionError):  # a child that dies early stops reading: its death is reported
        stdin.write(request)
        await stdin.drain()
        stdin.close()


async def _last_line(stderr: asyncio.StreamReader) -> str:
    last = ""
    while line := await stderr.readline():
        if line.strip():
            last = line.decode("utf-8", "replace").strip()[:300]
    return last


async def _frame(stdout: asyncio.StreamReader) -> bytes:
    length = int.from_bytes(await stdout.readexactly(_HEADER), "big")
    if length > MAX_FRAME_BYTES:
        raise DeckCheckFailed(f"the deck checker sent a frame of {length} bytes")  # i18n: not shown (logged)
    return await stdout.readexactly(length)


async def _stop(process: asyncio.subprocess.Process) -> None:
    """Kill the child if it still runs."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


async def _exit_code(process: asyncio.subprocess.Process) -> int | None:
    """The exit code of a child that closed its output (killed after a few seconds if it lingers: None)."""
    try:
        return await asyncio.wait_for(process.wait(), 5.0)
    except TimeoutError:
        await _stop(process)
        return None


# --- the child ---------------------------------------------------------------------------------------
def _write_frame(out: BinaryIO, payload: bytes) -> None:
    out.write(len(payload).to_bytes(_HEADER, "big") + payload)
    out.flush()


def child_main(check: Callable[[str, str], Any] | None = None) -> None:
    """Read the batch from stdin, then check each deck under its own CPU limit, writing each verdict."""
    import resource

    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    texts = request["texts"]
    cpu = int(request["deck_cpu_seconds"])
    hard = START_CPU_SECONDS + cpu * len(texts)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file when the kernel stops a deck
    resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
    if check is None:
        from bot.content.isolated import check_text

        check = check_text
    import bot.content.loader  # noqa: F401  (imported before the first deck's clock starts)

    out = sys.stdout.buffer
    _write_frame(out, b"")
    for text, name in texts:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        spent = math.ceil(usage.ru_utime + usage.ru_stime)
        resource.setrlimit(resource.RLIMIT_CPU, (min(spent + cpu, hard), hard))
        _write_frame(out, pickle.dumps(check(text, name), protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    child_main()
