"""The deck checker the bot runs in a child process: same verdicts as in-process, refuses anything odd."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from bot.content import isolated
from bot.content.isolated import DeckCheckFailed, check_content, check_texts, check_texts_here
from bot.content.loader import load_decks

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"

GOOD = (CONTENT / "model-optimization-nlp.yaml").read_text(encoding="utf-8").replace(
    "id: model-optimization-nlp", "id: club-deck", 1
)
BROKEN = GOOD.replace("level: beginner", "level: expert", 1)
LONG_OPTION = """id: poll-deck
title: Poll deck
cards:
  - id: q
    kind: choice
    level: beginner
    question: Which?
    options:
      - text: A fairly long option text that cannot fit into a native Discord poll answer
        correct: true
      - text: B
    explanation: Because.
"""


async def test_the_child_loads_the_same_decks_as_the_loader_in_process() -> None:
    here = load_decks([CONTENT])
    checked = await check_content([CONTENT])
    assert set(checked.decks) == set(here.decks) and len(checked.decks) >= 3
    for deck_id, deck in here.decks.items():
        assert checked.decks[deck_id] == deck
    assert checked.problems == [str(problem) for problem in here.problems]


async def test_texts_get_the_same_verdicts_as_in_process_and_keep_their_order() -> None:
    texts = [(BROKEN, "broken.yaml"), (GOOD, "good.yaml"), (LONG_OPTION, "poll.yaml")]
    child = await check_texts(texts)
    here = await check_texts_here(texts)
    assert child == here
    (broken, errors, _), (good, no_errors, _), (poll, _, warnings) = child
    assert broken is None and errors and errors[0].startswith("broken.yaml:")
    assert "'expert' is not a level" in errors[0]
    assert good is not None and good.id == "club-deck" and no_errors == []
    assert poll is not None and "can't be a native poll" in warnings[0]


async def test_nothing_to_check_starts_no_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    assert await check_texts([]) == []


async def test_a_checker_that_dies_is_reported_not_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/bin/false")
    with pytest.raises(DeckCheckFailed, match="stopped with code 1"):
        await check_texts([(GOOD, "good.yaml")])


async def test_a_checker_that_hangs_is_killed_at_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DeckCheckFailed, match="took longer than 0 s"):
        await check_content([CONTENT], timeout=0.05)


def test_an_answer_naming_another_class_is_refused() -> None:
    hostile = pickle.dumps(({}, [], [(os.getcwd, [], [])], {}))  # any callable but a deck class
    with pytest.raises(DeckCheckFailed, match="can't be read"):
        isolated._decode(hostile)


@pytest.mark.parametrize("answer", [([], [], [], {}), ({}, ["ok", 3], [], {}), ({}, [], [("deck", [], [])], {}),
                                    ({"x": 1}, [], [], {}), ({}, [], [], {"unknown-deck": "/etc"}), ({}, [], [], [])])
def test_an_answer_of_the_wrong_shape_is_refused(answer: object) -> None:
    with pytest.raises(DeckCheckFailed, match="not a set of decks"):
        isolated._decode(pickle.dumps(answer))


def test_the_child_runs_under_a_cpu_limit() -> None:
    code = (
        "import resource, runpy, sys, io\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO(b'{\"dirs\": [], \"texts\": []}'))\n"
        "runpy.run_module('bot.content.isolated', run_name='__main__')\n"
        "sys.stderr.write(str(resource.getrlimit(resource.RLIMIT_CPU)[0]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, check=True)
    assert out.stderr.decode() == str(isolated.CHILD_CPU_SECONDS)
    assert pickle.loads(out.stdout) == ({}, [], [], {})
