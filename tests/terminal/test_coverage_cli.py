"""`python -m bot content coverage DECK CARD ANSWERS` as an author runs it: the per-concept table agrees
with `python -m bot grade DECK CARD - --json` answer by answer, and bad input gets one clear line and
exit status 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.content.loader import load_decks
from bot.core.deck import OpenCard
from bot.terminal.coverage import _shown
from tests.terminal.commands import ROOT, run_here, run_process

DECK, CARD = "model-optimization-nlp", "explain-quantization"
ANSWERS = [
    "Weights go from float32 to int8: lower precision, less memory, and it speeds up inference.",
    "Explain quantization and its impact on model size and speed.",
    "It makes the model bigger and runs slower.",
    "I have no idea, sorry.",
    "int8, smaller, faster, trade-off",
    "It doesn't make the model smaller but it does speed up inférence 🚀 — ça marche",
]


def test_the_table_agrees_with_grade_json_answer_by_answer(tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("\n".join([*ANSWERS[:2], "", *ANSWERS[2:]]) + "\n", encoding="utf-8")  # a blank line: skipped
    done = run_process(ROOT, "content", "coverage", DECK, CARD, str(answers))
    assert done.returncode == 0, done.output
    graded = run_process(ROOT, "grade", DECK, CARD, "-", stdin="\n".join(ANSWERS) + "\n")
    verdicts = [json.loads(line) for line in graded.stdout.splitlines()]
    lines = [1, 2, 4, 5, 6, 7]  # file lines of the answers
    out = done.stdout
    assert out.splitlines()[0] == f"{CARD} ({DECK}): 6 answers, 5 concepts"
    for index, concept in enumerate(verdicts[0]["concepts"]):
        hits = [(line, v["concepts"][index]) for line, v in zip(lines, verdicts, strict=True) if v["concepts"][index]["hit"]]
        section = out.split(f"\n{concept['name']}: ", 1)[1].split("\n\n", 1)[0]
        assert section.startswith(f"{len(hits)} of 6 answers")
        for line, verdict in hits:
            assert re.search(rf'^\s+{line}  "{re.escape(verdict["matched"])}" \({re.escape(verdict["keyword"])}', section, re.M)
    assert "said not to hold in: 7" in out  # "doesn't make the model smaller"
    assert 'line 4: "makes the model bigger" (trigger "makes the model bigger"), voids \'A smaller model\'' in out
    assert "line 2: copied-question" in out and "line 6: keyword-list" in out
    nothing = out.split("Answers that earn nothing (4 of 6)\n", 1)[1].splitlines()
    assert [row.split(":", 1)[0].strip() for row in nothing] == ["line 2", "line 4", "line 5", "line 6"]
    assert [sum(c["hit"] for c in v["concepts"]) == 0 for v in verdicts] == [False, True, True, True, True, False]


def test_answers_from_stdin(tmp_path: Path) -> None:
    done = run_process(ROOT, "content", "coverage", DECK, CARD, "-", stdin="It runs faster with int8 weights, a smaller model.\n")
    assert done.returncode == 0, done.output
    assert "Faster inference: 1 of 1 answers" in done.stdout
    assert "Answers that earn nothing (0 of 1)\n  none" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no-such-deck", CARD), "error: no deck 'no-such-deck' in content"),
        ((DECK, "nope"), "error: no card 'nope' in deck 'model-optimization-nlp'"),
        ((DECK, "quantization-benefit"), "error: 'quantization-benefit' is a choice card: coverage is for an open card"),
        ((DECK, "what-is-distillation"), "error: 'what-is-distillation' is a flashcard card: coverage is for an open card"),
    ],
)
def test_bad_deck_or_card(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: tuple[str, str], message: str) -> None:
    answers = tmp_path / "a.txt"
    answers.write_text("an answer\n", encoding="utf-8")
    done = run_here(monkeypatch, ROOT, "content", "coverage", *args, str(answers))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(message)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "error: no answers file at {path}"),
        ("", "error: {path} holds no answers: write one sample answer per line"),
        ("\n  \n\r\n", "error: {path} holds no answers"),
        ("ok\n" + "x" * 4001 + "\n", "error: line 2 of {path} has 4001 characters; a member can send at most 4000"),
        (b"caf\xe9\n", "error: {path} is not UTF-8 text (line 1); save it as UTF-8"),
    ],
)
def test_bad_answers_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: str | bytes | None, message: str) -> None:
    path = tmp_path / "answers.txt"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    done = run_here(monkeypatch, ROOT, "content", "coverage", DECK, CARD, str(path))
    assert done.returncode == 2
    assert done.stderr.startswith(message.format(path=path))
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_folder_is_not_an_answers_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    done = run_here(monkeypatch, ROOT, "content", "coverage", DECK, CARD, str(tmp_path))
    assert (done.returncode, done.stderr.strip()) == (2, f"error: {tmp_path} is a folder; give a text file with one answer per line")


def test_long_and_odd_unicode_answers_are_graded_and_shown_on_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    zalgo = "Z" + "\u0334\u0322\u031b" * 30 + "algo"
    odd = ["x" * 4000, f"{zalgo} \u202eright-to-left\u202c tab\there \x00nul", "日本語の答え、量子化は小さくする", "🚀" * 50]
    path = tmp_path / "answers.txt"
    path.write_text("\n".join(odd) + "\n", encoding="utf-8")
    done = run_here(monkeypatch, ROOT, "content", "coverage", DECK, CARD, str(path))
    assert done.returncode == 0, done.stderr
    rows = done.stdout.split("Answers that earn nothing (4 of 4)\n", 1)[1].splitlines()
    assert len(rows) == 4
    assert rows[0] == "  line 1: " + "x" * 69 + "…"
    assert "\u202e" not in rows[1] and "\x00" not in rows[1] and "\t" not in rows[1]
    assert rows[1].startswith("  line 2: Z\u0334algo right-to-left tab here nul")
    assert _shown("e\u0301") == "\u00e9"  # an accent written apart is kept, as one letter


def test_every_open_card_of_every_shipped_deck(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    content = load_decks([ROOT / "content"])
    cards = [(deck.id, card) for deck in content.decks.values() for card in deck.cards if isinstance(card, OpenCard)]
    assert len(cards) >= 12
    for deck_id, card in cards:
        path = tmp_path / f"{card.id}.txt"
        path.write_text(f"{card.model_answer}\nno idea\n", encoding="utf-8")
        done = run_here(monkeypatch, ROOT, "content", "coverage", deck_id, card.id, str(path))
        assert done.returncode == 0, (card.id, done.stderr)
        total = len(card.concepts)
        assert done.stdout.count(" of 2 answers") == total
        assert "Answers that earn nothing (1 of 2)\n  line 2: no idea" in done.stdout, card.id
