"""Grading of open answers against a card's concepts: one verdict per concept that a teacher can trust.

How a concept is credited (benchmarks/grading/README.md explains the choices):
- words compare after normalisation (case, accents, British spelling, plurals and -ing/-ed, number
  words, "8-bit"/"8 bit"/"8bit", arrows and symbols: "↓" is "lower", "4x" is "4 times") and with a
  few typos allowed on long words (OSA distance, scaled by length, first letter kept); a keyword word
  also matches its synonyms (bot/core/grading_lexicon.py) and words run into another ("weightsfrom",
  bot/core/grading_split.py);
- a keyword of several words matches when its words sit close together in one sentence, any order;
- a match said not to hold ("is not smaller", "doesn't make it faster") credits nothing;
- roles and misconceptions (bot/core/grading_relations.py): a concept's keyword may need one of its
  `requires` words in its clause and none of its `not_with` words; a stated misconception is listed
  with its correction and the concept it contradicts is not credited;
- gaming rule: wording copied from the question or hint (5+ words in a row) credits nothing, and an
  answer that is a bare list of keywords credits nothing (flag "keyword-list").
Pure and deterministic; the per-card structures are compiled once and cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.concept_extraction import card_concepts
from bot.core.deck import Concept, Flashcard, Misconception, OpenCard
from bot.core.grading_compile import CompiledCard, compile_card
from bot.core.grading_match import find_matches
from bot.core.grading_negation import answer_denials
from bot.core.grading_relations import AnswerRelations, MisconceptionFound, Relations, compile_relations
from bot.core.grading_tables import read_tables
from bot.core.grading_words import TypoWork
from bot.core.text_normalize import ITEM_MARKS, MARKS, Tokens

# The gaming rule: fewer than this many words per credited concept is a list, not an explanation.
MIN_WORDS_PER_CONCEPT = 2.5
# Or: at least this many comma/line separated items, none longer than LIST_ITEM_WORDS words.
LIST_MIN_ITEMS = 3
LIST_ITEM_WORDS = 3

FLAG_KEYWORD_LIST = "keyword-list"
FLAG_COPIED = "copied-question"


@dataclass(frozen=True, slots=True)
class ConceptVerdict:
    name: str
    hit: bool
    matched: str | None  # the words of the answer that matched, as written (accents folded)
    score: int  # 0-100: 100 exact, lower for typos; a miss scores below 50
    negated: bool = False  # a keyword was there but the answer said it does not hold
    keyword: str | None = None  # the card keyword that matched
    in_other_words: bool = False  # credited by the semantic layer: `matched` is the clause that said it


@dataclass(frozen=True, slots=True)
class GradeResult:
    concepts: tuple[ConceptVerdict, ...]
    flags: tuple[str, ...] = ()  # why the gaming rule withheld credit, if it did
    weights: tuple[float, ...] = ()
    misconceptions: tuple[MisconceptionFound, ...] = ()  # wrong ideas the answer states, with corrections

    @property
    def hits(self) -> int:
        return sum(1 for verdict in self.concepts if verdict.hit)

    @property
    def total(self) -> int:
        return len(self.concepts)

    @property
    def coverage(self) -> float:
        """Weighted share of concepts credited, 0.0-1.0 (equal weights unless the card has them)."""
        weights = self.weights or tuple(1.0 for _ in self.concepts)
        total = sum(weights)
        if not total:
            return 0.0
        return sum(w for w, verdict in zip(weights, self.concepts, strict=True) if verdict.hit) / total

    def to_json(self, card_id: str | None = None) -> dict[str, Any]:
        return {
            "card": card_id,
            "hits": self.hits,
            "total": self.total,
            "concepts": [
                {
                    "name": v.name,
                    "hit": v.hit,
                    "matched": v.matched,
                    "score": v.score,
                    "negated": v.negated,
                    "keyword": v.keyword,
                    # only on a semantic credit, so lexical verdicts print as they always did
                    **({"in_other_words": True} if v.in_other_words else {}),
                }
                for v in self.concepts
            ],
            "flags": list(self.flags),
            "misconceptions": [
                {"trigger": m.trigger, "matched": m.matched, "correction": m.correction, "contradicts": m.contradicts}
                for m in self.misconceptions
            ],
        }


def grade_answer(
    answer: str,
    concepts: Sequence[Concept],
    *,
    question: str = "",
    hint: str = "",
    weights: Sequence[float] | None = None,
    gaming_rule: bool = True,
    misconceptions: Sequence[Misconception] = (),
    language: str | None = None,
) -> GradeResult:
    """Grade one answer; pass the card's question and hint so that pasting them back earns nothing.
    `language`: the deck's (BCP 47; English if None), whose rules read the answer (bot/core/languages).

    `gaming_rule=False` turns off the keyword-list rule: only for concepts that are single words derived
    from a reference answer (a coverage score), where a terse correct answer is mostly keywords."""
    return grade_compiled(
        answer, compile_card(concepts, question, hint, weights, language), gaming_rule=gaming_rule,
        relations=compile_relations(concepts, misconceptions, language),
    )


def grade_card(answer: str, card: OpenCard | Flashcard) -> GradeResult:
    """Grade against a card: an open card's concepts, or (for an open card without concepts, or a
    flashcard) concepts derived from its model answer / back. The question and hint feed the copy rule."""
    compiled, derived = card_compiled(card)
    # Derived concepts are single words: a terse correct sentence is mostly keywords, so the keyword-list
    # rule would refuse it (see gaming_rule); the copy rule still applies.
    return grade_compiled(answer, compiled, gaming_rule=not derived, relations=card_relations(card))


# Compiled cards by card identity: a card's concepts (derived ones too) are worked out once, not per
# answer. The entry holds the card, so its id can't be reused while cached; oldest out first.
_BY_CARD: dict[int, tuple[object, CompiledCard, bool, Relations | None]] = {}
_BY_CARD_LIMIT = 256


def card_compiled(card: OpenCard | Flashcard) -> tuple[CompiledCard, bool]:
    """The compiled card `grade_card` grades against, and whether its concepts were derived."""
    entry = _card_entry(card)
    return entry[1], entry[2]


def card_relations(card: OpenCard | Flashcard) -> Relations | None:
    """The card's compiled roles and misconceptions (None: it has none)."""
    return _card_entry(card)[3]


def _card_entry(card: OpenCard | Flashcard) -> tuple[object, CompiledCard, bool, Relations | None]:
    entry = _BY_CARD.get(id(card))
    if entry is not None and entry[0] is card:
        return entry
    concepts, derived = card_concepts(card)
    question, hint = (card.prompt, card.hint or "") if isinstance(card, OpenCard) else (card.front, "")
    language = card.language  # the card's, or its deck's (bot/core/deck.py); None: English
    compiled = compile_card(concepts.concepts, question, hint, concepts.weights, language)
    misconceptions = card.misconceptions if isinstance(card, OpenCard) else ()
    relations = compile_relations(concepts.concepts, misconceptions, language)
    if len(_BY_CARD) >= _BY_CARD_LIMIT:
        del _BY_CARD[next(iter(_BY_CARD))]
    entry = _BY_CARD[id(card)] = (card, compiled, derived, relations)
    return entry


# The words as written of a compiled card's keywords, by card (its entries held, so the id is not reused)
_CARD_WORDS: dict[int, tuple[object, tuple[str, ...]]] = {}


def _card_words(card: CompiledCard) -> tuple[str, ...]:
    entries = card.keyword_entries
    found = _CARD_WORDS.get(id(entries))
    if found is not None and found[0] is entries:
        return found[1]
    if len(_CARD_WORDS) >= _BY_CARD_LIMIT:
        del _CARD_WORDS[next(iter(_CARD_WORDS))]
    words = tuple(keyword.text for _, keyword in entries)
    _CARD_WORDS[id(entries)] = (entries, words)
    return words


# Verdicts are immutable and answers to one card repeat the same few: equal ones are shared (per card,
# bounded: at most this many, times 256 compiled cards kept), which saves building one object per
# concept of every answer.
_VERDICT_MEMO_LIMIT = 300


def grade_compiled(
    answer: str, card: CompiledCard, *, gaming_rule: bool = True, relations: Relations | None = None
) -> GradeResult:
    """Grade against a card compiled once with `compile_card` (the fast path for bulk grading), and its
    roles and misconceptions compiled with `compile_relations`, if it has any."""
    text = answer if isinstance(answer, str) else ""
    if card.rules.english_lexicon and "|" in text:
        text = read_tables(text)  # a table's cells read with their headings (bot/core/grading_tables.py)
    if card.rules.card_tokenize is None:
        tokens = card.rules.tokenize(text)
    else:  # the card's words as written, role and trigger words too (Japanese typed in kana or romaji)
        tokens = card.rules.card_tokenize(text, _card_words(relations.words if relations is not None else card))
    stated: tuple[MisconceptionFound, ...] = ()
    if relations is None:
        found, denied, present, copied_count = find_matches(tokens, card)
        shape_found = len(found) - found.count(None)
    else:
        # One answer's work, shared: the denials are read once, and the role and trigger words draw on
        # what the keywords left of the typo bounds.
        negated = answer_denials(tokens.words, card.rules.negated_positions, card.rules.english_lexicon)
        work = TypoWork()
        reading = AnswerRelations(tokens, relations, negated, work)
        found, denied, present, copied_count = find_matches(
            tokens, card, reading.accepts, relations.checked, work, negated)
        listed, contradicted = reading.stated()
        stated = tuple(listed)
        # The gaming rule judges the answer's shape: a keyword found there counts as found, even if
        # its role or a misconception keeps it from credit.
        shape_found = sum(1 for index, match in enumerate(found) if match is not None or index in reading.voided)
        for index in contradicted:
            if index < len(found):
                found[index] = None
    flags = _gaming_flags(tokens, shape_found, copied_count, gaming_rule, card.rules.word_scale)
    if FLAG_KEYWORD_LIST in flags:
        found = [None for _ in found]
    shown = iter(tokens.display([match[1] for match in found if match is not None]))
    memo = card.verdicts
    if len(memo) > _VERDICT_MEMO_LIMIT:
        memo.clear()
    verdicts = []
    for index, match in enumerate(found):
        if match is None:
            was_denied = denied[index]
            key: tuple[object, ...] = (index, was_denied, _partial_score(card, index, present, was_denied))
        else:
            key = (index, next(shown), match[2], match[0].text)
        verdict = memo.get(key)
        if verdict is None:
            name = card.names[index]
            verdict = memo[key] = (
                ConceptVerdict(name, False, None, key[2], key[1])  # type: ignore[arg-type]
                if match is None
                else ConceptVerdict(name, True, key[1], key[2], False, key[3])  # type: ignore[arg-type]
            )
        verdicts.append(verdict)
    return GradeResult(tuple(verdicts), flags, card.weights, stated)


FLAG_ADVICE = {
    FLAG_KEYWORD_LIST: "Your answer reads like a list of keywords: explain the ideas in sentences to get credit.",
    FLAG_COPIED: "Words copied from the question or hint don't count: say it in your own words.",
}


def flag_advice(result: GradeResult) -> list[str]:
    """What to tell the member when the anti-gaming rules withheld credit (so a 0/5 is explained)."""
    return [FLAG_ADVICE[flag] for flag in result.flags if flag in FLAG_ADVICE]


def _gaming_flags(
    tokens: Tokens, concepts_found: int, copied_count: int, list_rule: bool, scale: float = 1.0
) -> tuple[str, ...]:
    """`scale`: words per token of the card's language (1 but for Japanese and Chinese, whose tokens are
    characters): the list rule counts words."""
    flags = []
    marks = sum(map(MARKS.__contains__, tokens.words))
    word_count = len(tokens.words) - marks
    if word_count and copied_count * 2 >= word_count:
        flags.append(FLAG_COPIED)
    if not list_rule or not concepts_found:
        return tuple(flags)
    words: float = word_count
    item_counts: list[float] = []
    if scale != 1.0:
        words = word_count * scale  # (at most what the scaled count is: enough when it rules out a list)
        if words < max(MIN_WORDS_PER_CONCEPT * concepts_found, LIST_ITEM_WORDS * (marks + 1)):
            words, item_counts = _scaled_counts(tokens.words, scale)
    if concepts_found >= 2 and words < MIN_WORDS_PER_CONCEPT * concepts_found:
        flags.append(FLAG_KEYWORD_LIST)
    elif marks + 1 >= LIST_MIN_ITEMS and words <= LIST_ITEM_WORDS * (marks + 1):  # separators <= marks
        separators = sum(map(ITEM_MARKS.__contains__, tokens.words))
        if separators + 1 >= LIST_MIN_ITEMS and words <= LIST_ITEM_WORDS * (separators + 1):
            items: list[int] | list[float] = tokens.items if scale == 1.0 else item_counts
            if len(items) >= LIST_MIN_ITEMS and max(items) <= LIST_ITEM_WORDS:
                flags.append(FLAG_KEYWORD_LIST)
    return tuple(flags)


def _scaled_counts(words: tuple[str, ...], scale: float) -> tuple[float, list[float]]:
    """Words, and words per comma/line separated item, counting a one-character token (a Han character)
    as `scale` of a word and any other token (a katakana or Latin word, a little word) as one."""
    total = 0.0
    items: list[float] = []
    count = 0.0
    for word in words:
        if word in ITEM_MARKS:
            if count:
                items.append(count)
            count = 0.0
        elif word not in MARKS:
            weight = scale if len(word) == 1 and not word.isascii() else 1.0
            total += weight
            count += weight
    if count:
        items.append(count)
    return total, items


def _partial_score(card: CompiledCard, index: int, present: frozenset[int], denied: bool) -> int:
    """Some evidence for a missed concept (share of its keywords' words present), at most 49."""
    if denied:
        return 0
    vocabulary = card.concept_vocab[index]
    return (49 * len(vocabulary & present)) // len(vocabulary) if vocabulary else 0


__all__ = [
    "FLAG_COPIED",
    "FLAG_KEYWORD_LIST",
    "ConceptVerdict",
    "GradeResult",
    "MisconceptionFound",
    "card_compiled",
    "card_relations",
    "compile_card",
    "flag_advice",
    "grade_answer",
    "grade_card",
    "grade_compiled",
]
