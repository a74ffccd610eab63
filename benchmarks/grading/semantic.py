"""What the optional semantic layer buys and costs: blind-set quality with and without it, CPU time per
answer on one core, and the memory the model adds to the bot process.

    python -m benchmarks.grading.semantic --model DIR      # or RECALL_SEMANTIC_MODEL=DIR
    python -m benchmarks.grading.semantic --model DIR --rss-only
    python -m benchmarks.grading.semantic --model DIR --cpu-only [--tokens-per-answer N]

DIR is a directory tools/build_semantic_model.py wrote (benchmarks/grading/README.md says how). Without
one (or without the `semantic` extra) it prints a note and exits 0: CI has no model.

Time per answer is `time.process_time` (CPU of every thread of the process: onnxruntime runs one) for
the word rules plus the layer, as the grading thread pays it, best of 3, after each card's reference
vectors are made (once per card, reported apart). Two answer sets: the blind set's 200 answers, and
hostile 4000-character answers that fill every bound of the layer (24 clauses of up to 300 characters
of rare words, cut at the token limit). Memory is resident set size in a fresh process: after importing
and running the grader without the layer, then after loading the model and grading with it.
`--cpu-only` prints the time lines alone (no quality rows, so no REPORT figures: fit for trying token
budgets); `--tokens-per-answer` overrides the model directory's word-piece budget per answer.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import yaml

from benchmarks.grading import blind, labelled

MODEL_VARIABLE = "RECALL_SEMANTIC_MODEL"
_RARE = ["zygomorphic", "quixotically", "bathymetric", "phlogiston", "xerophyte", "isentropic", "chalcedony", "wanderlust", "obstreperous", "labyrinthine", "perspicacious", "ultramontane", "serendipitous", "antidisestablishment"]


@dataclass
class Timing:
    answers: int
    p50_ms: float
    p99_ms: float
    max_ms: float


def _percentiles(samples: list[float]) -> Timing:
    ordered = sorted(samples)
    return Timing(len(ordered), statistics.median(ordered) * 1000,
                  ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000, ordered[-1] * 1000)


def blind_answers() -> list[tuple[object, str]]:
    cards, _dropped = blind.load_cards()
    found: list[tuple[object, str]] = []
    for path in sorted((blind.BLIND_DIR / "answers").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        card = cards[(data["deck"], data["card"])]
        found.extend((card, row["text"]) for row in data["answers"])
    return found


def hostile_answers(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    answers = []
    for _ in range(count):
        sentences: list[str] = []
        while sum(map(len, sentences)) < 4000:
            parts = [" ".join(rng.choice(_RARE) for _ in range(6)) for _ in range(3)]
            sentences.append(", ".join(parts) + ".")
        answers.append(" ".join(sentences)[:4000])
    return answers


def time_answers(pairs: list[tuple[object, str]], judge: object, rounds: int = 3) -> Timing:
    from bot.core.grading import grade_card
    from bot.core.grading_semantic import review

    samples = []
    for card, text in pairs:
        best = float("inf")
        for _ in range(rounds):
            started = time.process_time()
            review(grade_card(text, card), text, card, judge)  # type: ignore[arg-type]
            best = min(best, time.process_time() - started)
        samples.append(best)
    return _percentiles(samples)


def first_answer_ms(pairs: list[tuple[object, str]], judge: object) -> float:
    """The cost of the first answer to each card: its reference vectors are made then (worst card)."""
    from bot.core.grading import grade_card
    from bot.core.grading_semantic import review

    worst, seen = 0.0, set()
    for card, text in pairs:
        if id(card) in seen:
            continue
        seen.add(id(card))
        started = time.process_time()
        review(grade_card(text, card), text, card, judge)  # type: ignore[arg-type]
        worst = max(worst, time.process_time() - started)
    return worst * 1000


_RSS_CHILD = """
import json, sys
from pathlib import Path
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
from benchmarks.grading.semantic import blind_answers, hostile_answers
from bot.core.grading import grade_card
pairs = blind_answers()
for card, text in pairs:
    grade_card(text, card)
before = rss()
from bot.semantic.onnx_judge import load_judge
from bot.core.grading_semantic import review
judge = load_judge(Path(sys.argv[1]))
loaded = rss()
for card, text in pairs + [(pairs[0][0], text) for text in hostile_answers(20)]:
    review(grade_card(text, card), text, card, judge)
print(json.dumps({"before": before, "loaded": loaded, "graded": rss()}))
"""


def rss_added(model: Path) -> dict[str, float]:
    """RSS (MiB) in a fresh process: word rules warmed up, then model loaded, then answers graded with it."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", _RSS_CHILD, str(model)], capture_output=True, text=True,
                         check=True, cwd=root, env=env)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def rows(model: Path, hostile: int = 50, tokens_per_answer: int | None = None) -> list[str]:
    """The benchmark's lines for this model (the caller checks the model and extra exist)."""
    judge = _judge(model, tokens_per_answer)
    lines = [_header(judge, model)]
    for split in ("tune", "report"):
        for label, used in (("word rules only", None), ("with the semantic layer", judge)):
            result = blind.evaluate(split, judge=used)  # type: ignore[arg-type]
            lines.append(f"  {blind.summary(split, result)}  [{label}]")
    for split in ("tune", "holdout"):
        for label, used in (("word rules only", None), ("with the semantic layer", judge)):
            c = labelled.evaluate(split, used)  # type: ignore[arg-type]
            lines.append(f"  labelled set {split}: precision {c.precision:.3f} recall {c.recall:.3f}, "
                         f"negated credited {c.negated_credited}  [{label}]")
    return lines + cpu_rows(judge, hostile) + [_rss_line(model)]


def _judge(model: Path, tokens_per_answer: int | None) -> object:
    from bot.semantic.onnx_judge import load_judge

    judge = load_judge(model)
    if tokens_per_answer is not None:
        judge.max_tokens_per_answer = tokens_per_answer
    return judge


def _header(judge: object, model: Path) -> str:
    return (f"semantic layer: {judge.name} from {model}, threshold {judge.threshold:g}, "  # type: ignore[attr-defined]
            f"margin {judge.margin:g}, {judge.max_tokens_per_answer} word pieces per answer")  # type: ignore[attr-defined]


def cpu_rows(judge: object, hostile: int = 50) -> list[str]:
    """Time per answer (blind set, hostile answers) and the worst first answer to a card."""
    pairs = blind_answers()
    first = first_answer_ms(pairs, judge)
    typical = time_answers(pairs, judge)
    worst = time_answers([(pairs[0][0], text) for text in hostile_answers(hostile)], judge)
    return [f"  first answer to a card (its reference vectors made): worst {first:.1f} ms",
            f"  blind-set answers ({typical.answers}): p50 {typical.p50_ms:.1f} ms, p99 {typical.p99_ms:.1f} ms, "
            f"max {typical.max_ms:.1f} ms per answer (CPU, word rules + layer)",
            f"  hostile 4000-char answers ({worst.answers}): p50 {worst.p50_ms:.1f} ms, p99 {worst.p99_ms:.1f} ms, "
            f"max {worst.max_ms:.1f} ms; target p99 <= 50 ms"]


def _rss_line(model: Path) -> str:
    rss = rss_added(model)
    return (f"  RSS: {rss['before']:.0f} MiB without the layer, {rss['loaded']:.0f} MiB with the model loaded "
            f"(+{rss['loaded'] - rss['before']:.0f}), {rss['graded']:.0f} MiB after grading with it "
            f"(+{rss['graded'] - rss['before']:.0f}); target added <= 150 MB")


def available(model: Path | None) -> str | None:
    """Why the layer can't be measured here (None: it can)."""
    if model is None:
        return f"no model: pass --model DIR or set {MODEL_VARIABLE} (tools/build_semantic_model.py builds one)"
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return "the semantic extra is not installed: pip install -e '.[semantic]'"
    if not (model / "model.onnx").is_file():
        return f"{model} has no model.onnx"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.grading.semantic", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=os.environ.get(MODEL_VARIABLE) or None)
    parser.add_argument("--hostile", type=int, default=50, help="hostile answers to time")
    parser.add_argument("--rss-only", action="store_true")
    parser.add_argument("--cpu-only", action="store_true", help="time lines only (no quality rows)")
    parser.add_argument("--tokens-per-answer", type=int, help="word pieces judged per answer (default: the model's)")
    args = parser.parse_args(argv)
    missing = available(args.model)
    if missing:
        print(f"note: semantic layer not measured: {missing}")
        return 0
    if args.rss_only:
        print(_rss_line(args.model))
    elif args.cpu_only:
        judge = _judge(args.model, args.tokens_per_answer)
        print("\n".join([_header(judge, args.model), *cpu_rows(judge, args.hostile)]))
    else:
        print("\n".join(rows(args.model, args.hostile, args.tokens_per_answer)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
