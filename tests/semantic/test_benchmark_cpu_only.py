"""`python -m benchmarks.grading.semantic --cpu-only` times a model at another token budget without
printing a quality row (so trying budgets never shows REPORT figures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.grading import semantic
from tests.semantic.tiny_model import build_tiny_model


def test_cpu_only_prints_time_lines_and_the_budget_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = build_tiny_model(tmp_path / "model")
    assert semantic.main(["--model", str(model), "--cpu-only", "--hostile", "2", "--tokens-per-answer", "7"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("threshold 0.7, margin 0.1, 7 word pieces per answer")
    assert "hostile 4000-char answers (2): p50" in out and "blind-set answers" in out
    assert "blind tune" not in out and "blind report" not in out and "labelled set" not in out
