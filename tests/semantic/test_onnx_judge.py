"""The ONNX judge's loading code, on a model and tokenizer file the tests write (tests/semantic/tiny_model.py):
the same files, read the same way, as the model tools/build_semantic_model.py builds; nothing downloaded."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bot.core.grading import grade_card
from bot.core.grading_semantic import grade_card_with
from bot.semantic.onnx_judge import DEFAULT_MARGIN, SemanticUnavailable, load_judge
from tests.semantic.tiny_model import build_tiny_model, sample_card


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("semantic") / "tiny")


def test_the_judge_loads_the_model_and_reads_its_settings(model_dir: Path) -> None:
    judge = load_judge(model_dir)
    assert judge.name == "tiny test model" and judge.threshold == 0.7 and judge.margin == DEFAULT_MARGIN
    table = judge.similarities(["the leaves soak up sunshine", "they drink the rain"],
                               ["Light energy is captured", "Water is split"])
    assert len(table) == 2 and all(len(row) == 2 for row in table)
    assert table[0][0] > 0.8 > table[0][1] and table[1][1] > 0.8 > table[1][0]
    vectors = judge.embed(["sunshine", "sunshine and sun light"])
    assert vectors.shape == (2, 5) and abs(float((vectors[0] * vectors[1]).sum()) - 1.0) < 0.01
    assert judge.similarities([], ["Water is split"]) == []


def test_a_paraphrase_is_credited_and_a_negated_one_is_not(model_dir: Path) -> None:
    judge, card = load_judge(model_dir), sample_card()
    paraphrase = "The leaves soak up sunshine all day."
    assert grade_card(paraphrase, card).hits == 0
    light = grade_card_with(paraphrase, card, judge).concepts[0]
    assert light.hit and light.in_other_words and light.matched == "The leaves soak up sunshine all day"
    negated = "The leaves do not soak up sunshine at all."
    assert grade_card_with(negated, card, judge).hits == 0


def test_a_missing_model_names_the_tool_that_builds_one(tmp_path: Path) -> None:
    with pytest.raises(SemanticUnavailable, match=r"has no model\.onnx: build .* tools/build_semantic_model\.py"):
        load_judge(tmp_path)


def test_a_broken_model_or_settings_file_is_one_clear_error(model_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "tokenizer.json").write_bytes((model_dir / "tokenizer.json").read_bytes())
    (broken / "model.onnx").write_bytes(b"not a model")
    with pytest.raises(SemanticUnavailable, match="can't load the semantic model"):
        load_judge(broken)
    bad_meta = tmp_path / "meta"
    bad_meta.mkdir()
    for name in ("tokenizer.json", "model.onnx"):
        (bad_meta / name).write_bytes((model_dir / name).read_bytes())
    (bad_meta / "semantic.json").write_text(json.dumps([1, 2]))
    with pytest.raises(SemanticUnavailable, match="not a JSON object"):
        load_judge(bad_meta)


def test_without_the_extra_the_error_says_how_to_install_it(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # as if `pip install -e '.[semantic]'` never ran
    with pytest.raises(SemanticUnavailable, match=r"pip install -e '\.\[semantic\]'"):
        load_judge(model_dir)
