"""Answers graded per second on one core, against a raw `fuzz.ratio` loop over the same word pairs."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from rapidfuzz import fuzz

from benchmarks.grading.labelled import load_labelled, sample_cards
from bot.core.grading import grade_compiled
from bot.core.grading_compile import CompiledCard, compile_card
from bot.core.text_normalize import MARKS, tokenize


def typical_answers() -> list[tuple[str, str]]:
    """(card id, answer) pairs of 30-80 words: labelled answers of one card joined until long enough."""
    result = []
    for card_id in ("explain-distillation", "explain-quantization"):
        texts = [a.text for a in load_labelled() if a.card == card_id and a.text.strip()]
        buffer: list[str] = []
        words = 0
        for text in texts:
            buffer.append(text)
            words += len(text.split())
            if words >= 30:
                if words <= 80:
                    result.append((card_id, " ".join(buffer)))
                buffer, words = [], 0
    return result


def _rate(function: Callable[[], int], seconds: float, rounds: int = 5) -> float:
    """Best of `rounds` rounds, in items per CPU second of this process (the machine is shared, so
    wall-clock time would also count other people's work); best-of is timeit's convention."""
    best = 0.0
    for _ in range(rounds):
        done = 0
        start = time.process_time()
        while True:
            done += function()
            elapsed = time.process_time() - start
            if elapsed >= seconds / rounds:
                break
        best = max(best, done / elapsed)
    return best


def hostile_answers() -> list[str]:
    """4000-character answers built to be slow: repeated phrases, negations, typos, zalgo, odd Unicode."""
    rng = random.Random(7)
    words = ["not", "teacher", "large", "model", "small", "student", "mimic", "faster", "the", "or", ",", "."]
    typos = ["techer", "studnet", "mimick", "largee", "modle"]
    texts = [
        " ".join(rng.choice(words) for _ in range(1000)),
        " ".join(rng.choice(typos) for _ in range(1000)),
        " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(5, 12))) for _ in range(400)),
        "large model " * 400,
        "not large model " * 300,
        "not large or not small or " * 200,
        "t̷͉̓e̸̙͝a̴̟͝c̶͙̈h̸̰̒e̴̦͝r̷̰̈́ " * 300,
        "İ" * 4000,
        "🧠" * 4000,
        "\x00" * 4000,
    ]
    return [text[:4000] for text in texts]


def worst_hostile_ms(card: CompiledCard) -> float:
    worst = 0.0
    for text in hostile_answers():
        card.forget_typos()
        start = time.process_time()
        grade_compiled(text, card)
        worst = max(worst, time.process_time() - start)
    return worst * 1000


def measure(seconds: float = 2.0) -> dict[str, float]:
    cards = sample_cards()
    answers = typical_answers()
    compiled = {card_id: compile_card(card.concepts, card.prompt, card.hint or "") for card_id, card in cards.items()}
    pairs = [(text, compiled[card_id]) for card_id, text in answers]

    def grade_all() -> int:
        for text, card in pairs:
            grade_compiled(text, card)
        return len(pairs)

    def grade_all_cold() -> int:  # no memoised typo matches: every answer as if it were the first
        for text, card in pairs:
            card.forget_typos()
            grade_compiled(text, card)
        return len(pairs)

    # The floor of fuzzy matching: one fuzz.ratio call per (answer word, keyword word) pair, the keyword
    # words being the card's vocabulary the grader compares against.
    keyword_words = {card_id: sorted(word for index, (word, word_id) in enumerate(card.vocab.items()) if word_id == index)
                     for card_id, card in compiled.items()}  # (not the synonyms added after them)
    token_pairs = [
        ([w for w in tokenize(text).surface if w not in MARKS], keyword_words[card_id]) for card_id, text in answers
    ]

    def ratio_loop() -> int:
        ratio = fuzz.ratio
        for answer_words, key_words in token_pairs:
            for word in answer_words:
                for key in key_words:
                    ratio(word, key)
        return len(token_pairs)

    grade_all()  # warm the per-card structures
    mean_words = sum(len(text.split()) for _, text in answers) / len(answers)
    graded = _rate(grade_all, seconds)
    cold = _rate(grade_all_cold, seconds)
    floor = _rate(ratio_loop, seconds)
    return {
        "worst_hostile_ms": worst_hostile_ms(compiled["explain-distillation"]),
        "answers": len(answers),
        "mean_words": mean_words,
        "graded_per_s": graded,
        "graded_cold_per_s": cold,
        "ratio_loop_per_s": floor,
        "speedup": graded / floor,
        "speedup_cold": cold / floor,
    }


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:,.1f}")
