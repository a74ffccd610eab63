"""A `ClauseJudge` (bot/core/grading_semantic.py) backed by a sentence-embedding ONNX model.

The model directory is what tools/build_semantic_model.py writes: `model.onnx` (token ids and attention
mask in, one unit-length vector per row out), `tokenizer.json` (a Hugging Face `tokenizers` file) and
`semantic.json` (what it is; optionally its own `threshold` and `max_tokens`). Everything is read from
that directory: nothing is downloaded, ever.

One onnxruntime thread: grading runs on one worker thread (bot/services/grading_worker.py), and the
semantic layer's budget is one core. The vectors of the cards' reference texts are kept (bounded), so an
answer costs one model run over its own clauses.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.core.errors import RecallError
from bot.core.messages import N_

# Tuned on the blind set's tune halves only (benchmarks/grading/README.md, "Semantic layer" and "Larger
# encoders"), for the int8 all-MiniLM-L6-v2 build: the highest recall that, on TUNE and on TUNE2, credits
# no more must-not-credit answers than the word rules alone and keeps their precision (0.55 passed on TUNE
# but credited one more on TUNE2). A model directory may carry its own in semantic.json.
DEFAULT_THRESHOLD = 0.65
DEFAULT_MARGIN = 0.10
DEFAULT_MAX_TOKENS = 48  # per clause (word pieces, with the two markers): a long clause is cut there
# Per answer: the model costs 0.18-0.25 ms of CPU per token on one core (int8 MiniLM, one thread, more
# for clauses of rare words), so this keeps an answer under about 45 ms; clauses past it are not judged
# (the first ones are). benchmarks/grading/semantic.py measures it.
DEFAULT_TOKENS_PER_ANSWER = 160
_REFERENCE_CACHE_LIMIT = 4096
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "semantic.json"


class SemanticUnavailable(RecallError):
    """The semantic layer was asked for but can't run here; the message says what to do."""


class OnnxClauseJudge:
    """Cosine similarity of sentence vectors; see the module docstring."""

    def __init__(self, session: Any, tokenizer: Any, *, name: str, threshold: float, margin: float,
                 max_tokens: int, max_tokens_per_answer: int = 10**9) -> None:
        import numpy

        self._np = numpy
        self._session = session
        self._tokenizer = tokenizer
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.no_padding()
        self._references: dict[str, Any] = {}
        self.name = name
        self.threshold = threshold
        self.margin = margin
        self.max_tokens = max_tokens
        self.max_tokens_per_answer = max_tokens_per_answer

    def embed(self, texts: Sequence[str]) -> Any:
        """Unit-length vectors, one row per text (an empty list gives an empty array)."""
        return self._run([encoding.ids for encoding in self._tokenizer.encode_batch(list(texts))])

    def _run(self, token_ids: list[list[int]]) -> Any:
        """The model over each token id list on its own. Not batched: padding is work for nothing, and
        the int8 model scales its activations per run, so a clause alone always gets the same vector
        whatever else the answer says (batching measured no faster on one core)."""
        np = self._np
        if not token_ids:
            return np.zeros((0, 0), dtype=np.float32)
        rows = []
        for ids in token_ids:
            row = np.array([ids], dtype=np.int64)
            rows.append(self._session.run(None, {"input_ids": row, "attention_mask": np.ones_like(row)})[0][0])
        stacked = np.stack(rows)
        return stacked / np.maximum(np.linalg.norm(stacked, axis=1, keepdims=True), 1e-12)

    def similarities(self, clauses: Sequence[str], references: Sequence[str]) -> list[list[float]]:
        """Clauses past the answer's token budget are not run through the model: their rows are -1."""
        np = self._np
        missing = [text for text in dict.fromkeys(references) if text not in self._references]
        if missing:
            if len(self._references) + len(missing) > _REFERENCE_CACHE_LIMIT:
                self._references.clear()
            self._references.update(zip(missing, self.embed(missing), strict=True))
        if not clauses or not references:
            return [[] for _ in clauses]
        affordable: list[list[int]] = []
        spent = 0
        for clause in clauses:  # one at a time: the clauses past the budget are not even tokenised
            encoding = self._tokenizer.encode(clause)
            spent += len(encoding.ids)
            if spent > self.max_tokens_per_answer:
                break
            affordable.append(encoding.ids)
        table = np.stack([self._references[text] for text in references])
        rows: list[list[float]] = (self._run(affordable) @ table.T).tolist() if affordable else []
        return rows + [[-1.0] * len(references) for _ in range(len(clauses) - len(rows))]


def load_judge(directory: Path) -> OnnxClauseJudge:
    """The judge in `directory`; SemanticUnavailable (with what to do) if the extra or the model is missing."""
    try:
        import numpy  # noqa: F401
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError as error:
        raise SemanticUnavailable(
            N_("RECALL_SEMANTIC=on needs the semantic extra ({package} is not installed): pip install -e '.[semantic]'"),
            package=str(error.name),
        ) from None
    for needed in (MODEL_FILE, TOKENIZER_FILE):
        if not (directory / needed).is_file():
            raise SemanticUnavailable(
                N_("RECALL_SEMANTIC_MODEL={directory} has no {file}: build the model directory with "
                   "tools/build_semantic_model.py (benchmarks/grading/README.md, Semantic layer)"),
                directory=str(directory), file=needed,
            )
    meta = _read_meta(directory)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only: onnxruntime's warnings are not the operator's business
    try:
        session = onnxruntime.InferenceSession(str(directory / MODEL_FILE), options, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
    except Exception as error:  # onnxruntime and tokenizers raise their own types for a bad file
        raise SemanticUnavailable(N_("can't load the semantic model in {directory}: {error}"), directory=str(directory),
                                  error=str(error)[:200]) from None
    names = {node.name for node in session.get_inputs()}
    if not {"input_ids", "attention_mask"} <= names:
        raise SemanticUnavailable(N_("{file} does not take input_ids and attention_mask"), file=str(directory / MODEL_FILE))
    return OnnxClauseJudge(
        session, tokenizer, name=str(meta.get("name") or directory.name),
        threshold=float(meta.get("threshold", DEFAULT_THRESHOLD)), margin=float(meta.get("margin", DEFAULT_MARGIN)),
        max_tokens=int(meta.get("max_tokens_per_clause", DEFAULT_MAX_TOKENS)),
        max_tokens_per_answer=int(meta.get("max_tokens_per_answer", DEFAULT_TOKENS_PER_ANSWER)),
    )


def _read_meta(directory: Path) -> dict[str, Any]:
    path = directory / META_FILE
    if not path.is_file():
        return {}
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SemanticUnavailable(N_("can't read {path}: {error}"), path=str(path), error=error.__class__.__name__) from None
    if not isinstance(meta, dict):
        raise SemanticUnavailable(N_("{path} is not a JSON object"), path=str(path))
    return meta
