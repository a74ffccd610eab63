"""The synonym layer: WordNet-derived synonyms and direction words as aliases of keyword words, read
lazily, shown to the member as the answer's own words; and no credit a symbol doesn't state."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.core import grading_lexicon
from bot.core.deck import Concept
from bot.core.grading import grade_answer
from bot.core.text_normalize import canonical_word

ROOT = Path(__file__).resolve().parents[2]


def verdict(answer: str, keywords: list[str]) -> tuple[bool, str | None, str | None]:
    result = grade_answer(answer, [Concept(name="idea", keywords=keywords), Concept(name="other", keywords=["zebra stripes"])],
                          gaming_rule=False)
    first = result.concepts[0]
    return first.hit, first.matched, first.keyword


def test_the_table_file_is_sorted_canonical_lines_with_attribution() -> None:
    text = grading_lexicon.LEXICON_PATH.read_text(encoding="ascii")
    header, *lines = text.splitlines()
    assert "WordNet 3.0" in header and "Princeton" in header
    assert lines == sorted(lines) and len(lines) > 10_000
    assert all(line.split(" ", 1)[0].isalpha() and line.islower() for line in lines[::500])
    assert sum(" " in line for line in lines) > 10_000  # words with synonyms; the others stand alone
    assert (grading_lexicon.LEXICON_PATH.parent / "README.md").read_text().count("Princeton University") >= 2


def test_wordnet_synonyms_of_a_keyword_word() -> None:
    assert {"quick", "rapid", "speedy", "swift"} <= set(grading_lexicon.synonyms("fast"))
    assert "quicker" in grading_lexicon.synonyms("faster")  # a comparative, also read through its base
    assert "speedier" in grading_lexicon.synonyms("faster")
    assert canonical_word("reduction") in grading_lexicon.synonyms(canonical_word("reduce"))  # derivational
    assert grading_lexicon.synonyms("the") == grading_lexicon.synonyms("32") == ()


def test_direction_groups_never_meet_their_opposite() -> None:
    down = set(grading_lexicon.synonyms("less"))
    assert {"lower", "fewer", canonical_word("reduced"), canonical_word("decreases")} <= down
    assert not {"more", "higher", canonical_word("increases")} & down


def test_a_synonym_credits_the_concept_and_the_member_sees_their_own_words() -> None:
    assert verdict("the quantised model gives quicker inference on phones", ["faster inference"]) == (
        True, "quicker inference", "faster inference")
    assert verdict("inference gets rapid once it is quantised", ["fast inference"])[0]


def test_an_arrow_credits_the_direction_it_states() -> None:
    assert verdict("after quantisation the memory ↓ a lot", ["less memory"]) == (True, "memory ↓", "less memory")
    assert verdict("latency ⬇️ after pruning", ["lower latency"])[0]
    assert verdict("memory ↑ after pruning", ["more memory"])[0]


def test_a_lone_or_sideways_arrow_credits_nothing() -> None:
    assert not verdict("memory → disk when swapping", ["less memory"])[0]  # "→" states no direction
    assert not verdict("memory ↑ after the change", ["less memory"])[0]  # the opposite direction
    assert not verdict("↓ ↓ ↓", ["less memory"])[0]
    assert not verdict("latency → throughput", ["lower latency"])[0]
    assert not verdict("↓", ["lower latency"])[0]  # a direction alone says nothing of what went down


def test_synonyms_never_add_little_words_or_words_phrases_skip() -> None:
    from bot.core.grading_compile import compile_card
    from bot.core.grading_phrases import LIGHT_WORDS
    from bot.core.text_normalize import NOT_CONTENT

    card = compile_card([Concept(name="speed", keywords=["faster inference", "less memory", "reliable delivery"])])
    keyword_ids = {word_id for word, word_id in card.vocab.items() if word in {"faster", "less", "reliabl"}}
    aliases = {word for word, word_id in card.vocab.items() if word_id in keyword_ids} - {"faster", "less", "reliabl"}
    assert {"quicker", "lower", "dependabl"} <= aliases
    assert not aliases & (NOT_CONTENT | LIGHT_WORDS)
    assert not set(card.fuzzy_words) & aliases  # synonyms are matched exactly, never as typos


def test_a_number_that_is_not_about_the_concept_credits_nothing() -> None:
    assert verdict("it is 4 times smaller", ["4x smaller"])[0]
    assert not verdict("it takes 4 times as long", ["4x smaller"])[0]
    assert not verdict("the model is 8 times smaller", ["4x smaller"])[0]
    assert not verdict("75% of the answers were about memory", ["less memory"])[0]


def test_a_negated_synonym_is_denied_like_the_keyword() -> None:
    assert not verdict("it does not give quicker inference at all", ["faster inference"])[0]


def test_the_table_is_read_when_a_card_is_compiled_not_at_import() -> None:
    probe = (
        "import bot.core.grading as g, bot.core.grading_lexicon as lex\n"
        "from bot.core.deck import Concept\n"
        "before = lex.loaded()\n"
        "g.compile_card([Concept(name='s', keywords=['faster inference'])])\n"
        "print(before, lex.loaded())\n"
    )
    completed = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                               timeout=60, check=True)
    assert completed.stdout.split() == ["False", "True"]


def test_a_fraction_states_less_but_less_is_not_a_fraction() -> None:
    assert verdict("it needs a quarter of the memory it used to", ["less memory"])[0]
    assert verdict("quantised, it takes half the memory", ["less memory"])[0]
    assert not verdict("quantised, it takes twice the memory", ["less memory"])[0]
    assert not verdict("the model has less life left", ["half life"])[0]
