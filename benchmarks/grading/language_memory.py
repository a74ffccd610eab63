"""Memory the grader's language rules add (bot/core/languages): resident set size of a fresh process with
the bot's modules imported ("ready"), after one answer graded in English, then after one answer graded
in each other language (each language's module loads on first use), and the peak.

    python -m benchmarks.grading.language_memory [--segmenter]

`--segmenter` also loads janome, the dictionary segmenter measured against the character matcher
(benchmarks/grading/ja_segmenter.py), to show what it would add.
"""

from __future__ import annotations

import argparse
import resource
import sys

from benchmarks.grading.lexicon_memory import resident_kib

ANSWERS = {
    "es": ("La planta hace la fotosíntesis y no produce glucosa.", ["fotosíntesis"], ["glucosa"]),
    "de": ("Die Pflanze nutzt Lichtenergie, aber es entsteht keine Glukose.", ["Lichtenergie"], ["Glukose"]),
    "fr": ("La plante fait la photosynthèse mais ne fabrique pas de glucose.", ["photosynthèse"], ["glucose"]),
    "pt": ("A planta faz fotossíntese, mas não produz glicose.", ["fotossíntese"], ["glicose"]),
    "it": ("La pianta fa la fotosintesi ma non produce glucosio.", ["fotosintesi"], ["glucosio"]),
    "ja": ("データベースはバグがない。誘導電流が流れる。", ["データベース"], ["バグ"]),
    "zh": ("植物进行光合作用，但是不产生葡萄糖。", ["光合作用"], ["葡萄糖"]),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.grading.language_memory", description=__doc__)
    parser.add_argument("--segmenter", action="store_true", help="also load janome and segment one answer")
    args = parser.parse_args(argv)
    import bot.app.client
    import bot.app.runner  # noqa: F401
    from bot.core.deck import Concept
    from bot.core.grading import grade_answer

    ready = resident_kib()
    grade_answer("Quantization makes the model smaller.", [Concept(name="size", keywords=["smaller model"])])
    english = resident_kib()
    print(f"RSS at ready (bot modules imported): {ready / 1024:.1f} MiB; after one English answer: "
          f"{english / 1024:.1f} MiB")
    for language, (answer, first, second) in ANSWERS.items():
        concepts = [Concept(name="a", keywords=first), Concept(name="b", keywords=second)]
        result = grade_answer(answer, concepts, language=language)
        now = resident_kib()
        print(f"  after one {language} answer ({result.hits}/{result.total}): {now / 1024:.1f} MiB "
              f"(+{(now - english) / 1024:.1f} MiB over English)")
    if args.segmenter:
        from janome.tokenizer import Tokenizer

        list(Tokenizer().tokenize("データベースはバグがない。誘導電流が流れる。"))
        now = resident_kib()
        print(f"  after janome segmented one answer: {now / 1024:.1f} MiB (+{(now - english) / 1024:.1f} MiB over English)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS: {peak / 1024:.1f} MiB (+{(peak - ready) / 1024:.1f} MiB over ready)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
