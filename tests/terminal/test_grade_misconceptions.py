"""`python -m bot grade` on a shipped card's misconception: a real subprocess, text and --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ANSWER = "The teacher is smaller, and a student model learns to mimic the large model."


def run_grade(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "grade", "model-optimization-nlp", "explain-distillation", ANSWER, *args],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=dict(os.environ), timeout=60,
    )


def test_json_gains_the_misconceptions_and_keeps_every_field() -> None:
    done = run_grade("--json")
    assert done.returncode == 0, done.stderr
    verdict = json.loads(done.stdout)
    assert set(verdict) == {"card", "hits", "total", "concepts", "flags", "misconceptions", "derived_concepts"}
    assert all(set(c) == {"name", "hit", "matched", "score", "negated", "keyword"} for c in verdict["concepts"])
    (found,) = verdict["misconceptions"]
    assert found["trigger"] == "teacher is smaller" and found["matched"] == "teacher is smaller"
    assert found["contradicts"] == "A large teacher model"
    assert found["correction"].startswith("The teacher is the large")
    # "large model" is in the answer, but the misconception voids the concept
    assert verdict["concepts"][0]["name"] == "A large teacher model" and verdict["concepts"][0]["hit"] is False


def test_text_shows_the_correction() -> None:
    done = run_grade()
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1] == "  [ ] A large teacher model"
    assert any(line.startswith('  careful: "teacher is smaller": The teacher is the large') for line in lines)
