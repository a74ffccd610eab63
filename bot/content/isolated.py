"""Deck files are read and checked in a short-lived child process, never inside the bot.

The YAML reader and pydantic are needed for a second at start and on an upload, but once imported
they stay in the bot's memory for its whole life: about 12 MiB, a quarter of what a bare discord.py
bot needs. The child process also keeps a hostile upload (a megabyte of YAML built to be slow) off
the bot's event loop and under a CPU limit of its own. It sends the checked decks back as pickled
dataclasses of `bot.core.deck`, and the bot unpickles those classes and nothing else.

Two ways in: `check_content` loads the built-in deck folder in one child (the operator's own files, at
start); `check_texts` checks uploaded decks, each under limits of its own (bot.content.per_deck). The
terminal and the tests check in-process (`check_texts_here`): they import the loader anyway.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import os
import pickle
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core import deck as deck_model
from bot.core.deck import Deck
from bot.core.messages import Marked

CHILD_CPU_SECONDS = 120
START_TIMEOUT_SECONDS = 300.0  # the built-in deck folder, at start
_DECK_CLASSES = frozenset({"Deck", "Flashcard", "ChoiceCard", "OpenCard", "ClozeCard", "Option", "Concept",
                           "Misconception"})
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])

CheckedText = tuple[Deck | None, list[str], list[str]]  # the deck (None if it has any error), errors, warnings


class DeckCheckFailed(Exception):
    """The checker process crashed, timed out or answered something else than decks: nothing is used."""


@dataclass
class CheckedContent:
    decks: dict[str, Deck] = field(default_factory=dict)  # from the directories, by id
    problems: list[str] = field(default_factory=list)  # errors and warnings in those files
    texts: list[CheckedText] = field(default_factory=list)  # one per text asked about, in order
    media: dict[str, Path] = field(default_factory=dict)  # deck id -> its media folder (bot.content.media)


async def check_content(
    dirs: Sequence[Path], texts: Sequence[tuple[str, str]] = (), *, timeout: float = START_TIMEOUT_SECONDS
) -> CheckedContent:
    """Load the deck files under `dirs` and check each (text, file name), in a child process."""
    if not dirs and not texts:
        return CheckedContent()
    request = json.dumps({"dirs": [str(path) for path in dirs], "texts": [list(pair) for pair in texts]})
    run = await run_child("bot.content.isolated", request.encode("utf-8"), timeout)
    if run is None:
        raise DeckCheckFailed(f"the deck checker took longer than {timeout:.0f} s")  # i18n: not shown (logged)
    if run.returncode != 0:
        lines = run.err.decode("utf-8", "replace").strip().splitlines()
        last = lines[-1] if lines else "no message"  # i18n: not shown (logged)
        raise DeckCheckFailed(f"the deck checker stopped with code {run.returncode}: {last}")  # i18n: not shown (logged)
    return _decode(run.out)


async def check_texts(texts: Sequence[tuple[str, str]]) -> list[CheckedText]:
    """The bot's checker for uploaded decks: each (text, file name) checked in a child process, each deck
    under CPU and time limits of its own (a deck past them gets an error; the others are still checked)."""
    from bot.content.per_deck import check_each

    return await check_each(texts)


async def check_texts_here(texts: Sequence[tuple[str, str]]) -> list[CheckedText]:
    """The same checks in this process (the terminal, tests)."""
    return [check_text(text, name) for text, name in texts]


def child_env() -> dict[str, str]:
    """The environment of a checker child: this one, with the package importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
    return env


@dataclass(frozen=True, slots=True)
class ChildRun:
    returncode: int
    out: bytes
    err: bytes


async def run_child(module: str, request: bytes, timeout: float, *args: str) -> ChildRun | None:
    """`python -m module args` fed `request` on stdin (the deck checker, an upload's package converter,
    the Anki package writer); None when it took longer than `timeout` (it is killed and waited for)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", module, *args,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env=child_env(),
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(request), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        return None
    return ChildRun(process.returncode if process.returncode is not None else -1, out, err)


def check_text(text: str, name: str) -> CheckedText:
    from bot.content.loader import load_deck_text

    loaded = load_deck_text(text, name)
    errors: list[str] = [problem.marked() for problem in loaded.problems if problem.severity == "error"]
    warnings: list[str] = [problem.marked() for problem in loaded.problems if problem.severity != "error"]
    return (loaded.deck if not errors else None), errors, warnings


class _DeckUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == deck_model.__name__ and name in _DECK_CLASSES:
            return getattr(deck_model, name)
        if module == Marked.__module__ and name == Marked.__name__:  # a problem's text, still translatable
            return Marked
        raise pickle.UnpicklingError(f"{module}.{name} is not a deck class")  # i18n: not shown (caught)


def read_checked_text(payload: bytes) -> CheckedText:
    """One verdict a per-deck child sent; `DeckCheckFailed` if it is anything else."""
    try:
        item = _DeckUnpickler(io.BytesIO(payload)).load()
    except Exception:  # a truncated stream or a foreign class
        raise DeckCheckFailed("the deck checker's answer can't be read") from None  # i18n: not shown (logged)
    if not _is_checked_text(item):
        raise DeckCheckFailed("the deck checker's answer is not a deck")  # i18n: not shown (logged)
    return item


def deck_to_bytes(deck: Deck) -> bytes:
    """A checked deck as the start-up cache stores it."""
    return pickle.dumps(deck, protocol=pickle.HIGHEST_PROTOCOL)


def deck_from_bytes(data: bytes) -> Deck | None:
    """A deck the cache stored; None if it can't be read as one (then it is checked again)."""
    try:
        deck = _DeckUnpickler(io.BytesIO(data)).load()
    except Exception:
        return None
    return deck if isinstance(deck, Deck) else None


# What decides a check's outcome: the deck model and its rules, the loader, the libraries, the Python
# that pickles the result. A cached verdict from code that differs in any of these is not used.
_CHECKER_SOURCES = ("core/deck.py", "core/constraints.py", "core/limits.py", "content/loader.py",
                    "content/validation.py", "content/yamlread.py", "content/isolated.py", "content/media.py")
_checker_fingerprint: str | None = None


def checker_fingerprint() -> str:
    global _checker_fingerprint
    if _checker_fingerprint is None:
        from importlib import metadata

        digest = hashlib.sha256(f"{sys.version}|pickle {pickle.HIGHEST_PROTOCOL}".encode())
        for package in ("pydantic", "pydantic-core", "PyYAML"):
            try:
                digest.update(f"|{package} {metadata.version(package)}".encode())
            except metadata.PackageNotFoundError:
                digest.update(f"|{package} none".encode())
        root = Path(__file__).resolve().parents[1]
        for source in _CHECKER_SOURCES:
            digest.update(b"|" + source.encode() + b"|" + (root / source).read_bytes())
        _checker_fingerprint = digest.hexdigest()[:32]
    return _checker_fingerprint


def _decode(payload: bytes) -> CheckedContent:
    try:
        decks, problems, texts, media = _DeckUnpickler(io.BytesIO(payload)).load()
    except Exception as error:  # a truncated stream or a foreign class: refuse all of it
        raise DeckCheckFailed(f"the deck checker's answer can't be read ({error.__class__.__name__})") from None  # i18n: not shown (logged)
    well_formed = (
        isinstance(decks, dict) and all(isinstance(deck, Deck) for deck in decks.values())
        and isinstance(problems, list) and all(isinstance(problem, str) for problem in problems)
        and isinstance(texts, list) and all(_is_checked_text(item) for item in texts)
        and isinstance(media, dict) and all(isinstance(key, str) and isinstance(value, str) and key in decks
                                            for key, value in media.items())
    )
    if not well_formed:
        raise DeckCheckFailed("the deck checker's answer is not a set of decks")  # i18n: not shown (logged)
    return CheckedContent(decks, problems, texts, {key: Path(value) for key, value in media.items()})


def _is_checked_text(item: Any) -> bool:
    return (isinstance(item, tuple) and len(item) == 3 and (item[0] is None or isinstance(item[0], Deck))
            and all(isinstance(lines, list) and all(isinstance(line, str) for line in lines) for lines in item[1:]))


def _serve(request: dict[str, Any]) -> bytes:
    """The child's work: the same loader as `python -m bot content check`."""
    from bot.content.loader import load_decks

    decks: dict[str, Deck] = {}
    problems: list[str] = []
    media: dict[str, str] = {}
    if request["dirs"]:
        content = load_decks([Path(path) for path in request["dirs"]])
        decks, problems = content.decks, [problem.marked() for problem in content.problems]
        media = {deck_id: str(folder) for deck_id, folder in content.media.items()}
    texts = [check_text(text, name) for text, name in request["texts"]]
    # Only built-in containers and deck classes: the parent's unpickler accepts nothing else.
    return pickle.dumps((decks, problems, texts, media), protocol=pickle.HIGHEST_PROTOCOL)


def _child_main() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_SECONDS, CHILD_CPU_SECONDS))
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    sys.stdout.buffer.write(_serve(request))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _child_main()
