"""The optional semantic grading layer's adapter: sentence embeddings from an ONNX model.

Only imported when the bot runs with `RECALL_SEMANTIC=on` (bot/app/grading_layers.py), and only usable
with the `semantic` extra installed (`pip install -e '.[semantic]'`: onnxruntime, tokenizers, numpy).
It implements the core's `ClauseJudge` port (bot/core/grading_semantic.py); nothing in bot/core or
bot/services imports it.
"""
