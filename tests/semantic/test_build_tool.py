"""tools/build_semantic_model.py on the parts that need no PyTorch: a model's pooling read from its folder,
an ONNX file that already pools packaged for the judge, and a model directory's own settings reaching
the judge (a larger encoder needs its own threshold, margin and token budget)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from bot.semantic.onnx_judge import load_judge
from tests.semantic.tiny_model import build_tiny_model

ROOT = Path(__file__).resolve().parents[2]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_semantic_model", ROOT / "tools" / "build_semantic_model.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("build") / "tiny")


def _with_extra_output(tiny: Path, target: Path) -> Path:
    """The tiny model with a second output before the one the judge wants, as exported encoders have."""
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(str(tiny / "model.onnx"))
    extra = helper.make_tensor_value_info("kept", TensorProto.FLOAT, ["batch", "tokens", 5])
    outputs = [extra, *model.graph.output]
    model.graph.ClearField("output")
    model.graph.output.extend(outputs)
    onnx.save(model, str(target))
    return target


def test_the_pooling_is_read_from_the_folder(tmp_path: Path) -> None:
    tool = _tool()
    assert tool.pooling(tmp_path) == "mean"
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_cls_token": True}))
    assert tool.pooling(tmp_path) == "cls"


def test_an_onnx_file_that_pools_is_packaged_with_its_own_settings(tiny: Path, tmp_path: Path) -> None:
    source = _with_extra_output(tiny, tmp_path / "exported.onnx")
    out = tmp_path / "packaged"
    meta = _tool().build(source, out, tokenizer=tiny / "tokenizer.json", onnx_output="embedding",
                         settings={"name": "tiny", "licence": "MIT", "threshold": 0.62, "margin": 0.04,
                                   "max_tokens_per_answer": 96})
    assert meta["name"] == "tiny int8" and meta["licence"] == "MIT" and meta["int8_vs_fp32_cosine_min"] is not None
    judge = load_judge(out)
    assert (judge.name, judge.threshold, judge.margin, judge.max_tokens_per_answer) == ("tiny int8", 0.62, 0.04, 96)
    assert [output.name for output in judge._session.get_outputs()] == ["embedding"]
    (row,) = judge.similarities(["the leaves soak up sunshine"], ["Light energy is captured", "Water is split"])
    assert row[0] > 0.8 > row[1]


def test_an_onnx_file_without_the_output_or_with_other_inputs_is_refused(tiny: Path, tmp_path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    tool = _tool()
    with pytest.raises(SystemExit, match="has no output 'pooled'"):
        tool.build(tiny / "model.onnx", tmp_path / "a", tokenizer=tiny / "tokenizer.json", onnx_output="pooled")
    model = onnx.load(str(tiny / "model.onnx"))
    model.graph.input.append(helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, ["batch", "tokens"]))
    onnx.save(model, str(tmp_path / "typed.onnx"))
    with pytest.raises(SystemExit, match="the judge sends input_ids and attention_mask only"):
        tool.build(tmp_path / "typed.onnx", tmp_path / "b", tokenizer=tiny / "tokenizer.json", onnx_output="embedding")
