"""Which grading layers the bot starts with: the semantic one is off by default, says so in one line,
and when turned on it either loads (and grades on the grading thread) or the bot refuses to start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app.grading_layers import start_grading_layers
from bot.services import grading_worker
from bot.settings import Settings, SettingsError, load_settings
from tests.semantic.tiny_model import build_tiny_model, sample_card


@pytest.fixture(autouse=True)
def layer_reset() -> Iterator[None]:
    yield
    grading_worker.use_clause_judge(None)


def _settings(**values: str) -> Settings:
    return load_settings({"DISCORD_TOKEN": "token", **values}, env_file=None)


def test_the_layer_is_off_by_default_and_the_line_says_so() -> None:
    settings = _settings()
    assert settings.semantic is False and settings.semantic_model is None
    line = start_grading_layers(settings)
    assert line.startswith("grading layers: words") and "semantic off" in line
    assert grading_worker._judge is None


def test_the_switch_reads_on_and_off_and_refuses_anything_else(tmp_path: Path) -> None:
    assert _settings(RECALL_SEMANTIC="on", RECALL_SEMANTIC_MODEL=str(tmp_path)).semantic_model == tmp_path
    assert _settings(RECALL_SEMANTIC="ON").semantic and not _settings(RECALL_SEMANTIC="off").semantic
    with pytest.raises(SettingsError, match="RECALL_SEMANTIC must be on or off"):
        _settings(RECALL_SEMANTIC="maybe")


def test_on_without_a_model_refuses_with_what_to_set(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="needs RECALL_SEMANTIC_MODEL"):
        start_grading_layers(_settings(RECALL_SEMANTIC="on"))
    with pytest.raises(SettingsError, match=r"has no model\.onnx"):
        start_grading_layers(_settings(RECALL_SEMANTIC="on", RECALL_SEMANTIC_MODEL=str(tmp_path)))
    assert grading_worker._judge is None


async def test_on_with_a_model_grades_paraphrases_on_the_grading_thread(tmp_path: Path) -> None:
    model = build_tiny_model(tmp_path / "model")
    line = start_grading_layers(_settings(RECALL_SEMANTIC="on", RECALL_SEMANTIC_MODEL=str(model)))
    assert f"semantic on (tiny test model from {model}, threshold 0.7)" in line
    graded = await grading_worker.grade_off_loop("The leaves soak up sunshine all day.", sample_card())
    assert graded.concepts[0].hit and graded.concepts[0].in_other_words


def test_the_line_is_logged_once_when_announced(caplog: pytest.LogCaptureFixture) -> None:
    from bot.app.grading_layers import announce

    line = start_grading_layers(_settings())
    with caplog.at_level("INFO", logger="recall"):
        announce()
        announce()  # a second setup (a reconnect) says nothing more
    assert [record.getMessage() for record in caplog.records] == [line]
