"""`python -m bot grade` and `content suggest-concepts` as a user runs them: real subprocesses."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.terminal import suggest_concepts

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "content" / "model-optimization-nlp.yaml"


def run_bot(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_text_verdict_per_concept() -> None:
    done = run_bot("grade", "model-optimization-nlp", "explain-distillation", "A big techer model trains a small studnet to mimic it.")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "explain-distillation: 3/5 concepts"
    assert lines[1].startswith("  [x] A large teacher model")
    assert '"studnet"' in lines[2]
    assert lines[4] == "  [ ] Similar performance or accuracy"


def test_json_verdict_by_deck_path() -> None:
    done = run_bot("grade", str(SAMPLE), "explain-quantization", "It is not faster, but int8 weights make it smaller.", "--json")
    assert done.returncode == 0, done.stderr
    verdict = json.loads(done.stdout)
    assert verdict["card"] == "explain-quantization"
    assert (verdict["hits"], verdict["total"]) == (2, 5)
    assert [c["hit"] for c in verdict["concepts"]] == [False, True, True, False, False]
    assert verdict["concepts"][3]["negated"] is True
    assert verdict["concepts"][1]["matched"] == "int8"
    assert set(verdict["concepts"][0]) >= {"name", "hit", "matched", "score"}


def test_stdin_bulk_prints_one_json_line_per_answer() -> None:
    answers = [
        "Quantization lowers precision, so the model is smaller and faster.",
        "lower precision, int8, smaller, faster",
        "",
        "🧠 <@123> **8-bit** integers ‮ make it smaller",
    ]
    done = run_bot("grade", "model-optimization-nlp", "explain-quantization", "-", stdin="\n".join(answers) + "\n")
    assert done.returncode == 0, done.stderr
    verdicts = [json.loads(line) for line in done.stdout.splitlines()]
    assert [v["hits"] for v in verdicts] == [3, 0, 0, 2]
    assert verdicts[1]["flags"] == ["keyword-list"]


def test_content_dir_from_environment(tmp_path: Path) -> None:
    deck = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    deck["id"] = "elsewhere"
    (tmp_path / "elsewhere.yaml").write_text(yaml.safe_dump(deck), encoding="utf-8")
    done = run_bot("grade", "elsewhere", "explain-distillation", "a teacher", env={"RECALL_CONTENT_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("explain-distillation: 1/5")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no-such-deck", "x", "y"), "no deck 'no-such-deck'"),
        (("model-optimization-nlp", "no-such-card", "y"), "no card 'no-such-card'"),
        (("model-optimization-nlp", "distillation-aim", "y"), "is a choice card"),
        (("missing/deck.yaml", "x", "y"), "no deck file at missing/deck.yaml"),
    ],
)
def test_bad_input_gets_a_clear_message(args: tuple[str, ...], message: str) -> None:
    done = run_bot("grade", *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_broken_deck_file_reports_problems(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: x\ncards: []\n", encoding="utf-8")
    done = run_bot("grade", str(broken), "x", "y")
    assert done.returncode == 2
    assert "the deck has errors" in done.stderr


def _all_cards() -> list[tuple[str, str, str]]:
    from bot.content.loader import load_decks

    content = load_decks([ROOT / "content"])
    return [(deck.id, card.id, card.kind) for deck in content.decks.values() for card in deck.cards]


@pytest.mark.parametrize(("deck", "card", "kind"), _all_cards())
def test_every_card_in_content_works(deck: str, card: str, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.terminal import grade

    code = grade.run(argparse.Namespace(deck=deck, card=card, answer="a model answer of sorts", json=True))
    out = capsys.readouterr()
    if kind == "choice":
        assert code == 2 and "choice card" in out.err
        return
    assert code == 0, out.err
    verdict = json.loads(out.out)
    assert verdict["card"] == card and verdict["total"] >= 1
    code = suggest_concepts.run(argparse.Namespace(deck=deck, card=card))
    out = capsys.readouterr()
    assert code == 0, out.err
    pasted = yaml.safe_load(out.out)
    assert pasted["concepts"] and all(c["name"] and c["keywords"] for c in pasted["concepts"])


def test_suggestions_are_pasteable_and_name_the_key_terms(capsys: pytest.CaptureFixture[str]) -> None:
    code = suggest_concepts.run(argparse.Namespace(deck="model-optimization-nlp", card="explain-quantization"))
    out = capsys.readouterr().out
    assert code == 0
    names = [c["name"] for c in yaml.safe_load(out)["concepts"]]
    assert "8 bit integers" in names and "precision" in names
    assert len(names) <= suggest_concepts.MAX_SUGGESTIONS


def test_suggest_concepts_through_the_content_command() -> None:
    done = run_bot("content", "suggest-concepts", "model-optimization-nlp", "explain-distillation")
    assert done.returncode == 0, done.stderr
    names = [c["name"] for c in yaml.safe_load(done.stdout)["concepts"]]
    assert "complex teacher model" in names and "simpler student model" in names
