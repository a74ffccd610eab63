"""A semantic model the tests make themselves: the bot's loading code runs on a real ONNX file and a
real tokenizer file, with nothing downloaded.

The model is a bag of word vectors in ONNX (Gather, mask, sum) with a few hand-set meanings: "light",
"sunshine" and "sun" point one way, "sugar", "glucose" and "fuel" another, and so on; every other word
is [UNK], a short vector of its own. It takes and returns what tools/build_semantic_model.py's model
does (input_ids and attention_mask in, one vector per row out), so the judge can't tell them apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.deck import OpenCard

MEANINGS = {
    "light": ("light", "sunshine", "sunlight", "sun", "energy", "rays"),
    "sugar": ("sugar", "glucose", "sweet", "fuel", "food"),
    "water": ("water", "rain", "h2o"),
    "oxygen": ("oxygen", "air", "gas"),
}
FILLER = 0.1  # every word the model does not know: [UNK], pointing along a dimension of its own
THRESHOLD = 0.7


def build_tiny_model(directory: Path, *, threshold: float = THRESHOLD, name: str = "tiny test model") -> Path:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    directory.mkdir(parents=True, exist_ok=True)
    vocab = {"[PAD]": 0, "[UNK]": 1}
    dims = len(MEANINGS) + 1
    rows = [np.zeros(dims), np.eye(dims)[-1] * FILLER]
    for axis, words in enumerate(MEANINGS.values()):
        for word in words:
            vocab[word] = len(rows)
            rows.append(np.eye(dims)[axis])
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.save(str(directory / "tokenizer.json"))

    table = numpy_helper.from_array(np.array(rows, dtype=np.float32), "table")
    axes_tokens = numpy_helper.from_array(np.array([1], dtype=np.int64), "axes_tokens")
    axes_last = numpy_helper.from_array(np.array([2], dtype=np.int64), "axes_last")
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["vectors"]),
        helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask", "axes_last"], ["mask3"]),
        helper.make_node("Mul", ["vectors", "mask3"], ["kept"]),
        helper.make_node("ReduceSum", ["kept", "axes_tokens"], ["embedding"], keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, "tiny-bag-of-words",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", dims])],
        initializer=[table, axes_tokens, axes_last],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8  # what every onnxruntime of the last years reads
    onnx.checker.check_model(model)
    onnx.save(model, str(directory / "model.onnx"))
    meta = {"format": "recall-semantic/1", "name": name, "threshold": threshold, "max_tokens_per_clause": 64}
    (directory / "semantic.json").write_text(json.dumps(meta), encoding="utf-8")
    return directory


# A card whose concept names speak the tiny model's language, and whose keywords don't: what the model
# credits, the word rules alone would not.
SAMPLE_DECK = """\
id: semantic-sample
title: Light reactions
cards:
  - id: light-reactions
    kind: open
    level: intermediate
    prompt: Describe the first stage of photosynthesis.
    concepts:
      - name: Light energy is captured
        keywords: [chlorophyll, photons]
        not_with: [reflects]
      - name: Water is split
        keywords: [photolysis, splits water]
      - name: Sugar is made
        keywords: [glucose]
    misconceptions:
      - triggers: [reflects light]
        correction: Chlorophyll absorbs red and blue light; it reflects green.
        contradicts: Light energy is captured
    model_answer: Chlorophyll captures photons and water is split by photolysis.
"""


def sample_card() -> OpenCard:
    from bot.content.loader import load_deck_text
    from bot.core.deck import OpenCard

    loaded = load_deck_text(SAMPLE_DECK, "semantic-sample.yaml")
    assert loaded.deck is not None, loaded.problems
    (card,) = loaded.deck.cards
    assert isinstance(card, OpenCard)
    return card
