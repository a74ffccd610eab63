"""The semantic layer's benchmark runs end to end on a model the tests make, and says why it measures
nothing when there is no model (as in CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.grading import semantic
from tests.semantic.tiny_model import build_tiny_model


def test_without_a_model_it_notes_why_and_succeeds(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(semantic.MODEL_VARIABLE, raising=False)
    assert semantic.main([]) == 0
    assert "semantic layer not measured: no model" in capsys.readouterr().out


def test_with_a_model_it_prints_quality_time_and_memory(tmp_path: Path) -> None:
    lines = semantic.rows(build_tiny_model(tmp_path / "model"), hostile=2)
    assert lines[0].startswith("semantic layer: tiny test model")
    assert sum("blind tune" in line for line in lines) == 2 and sum("blind report" in line for line in lines) == 2
    assert any("hostile 4000-char answers (2): p50" in line for line in lines)
    assert any(line.strip().startswith("RSS:") and "with the model loaded" in line for line in lines)
