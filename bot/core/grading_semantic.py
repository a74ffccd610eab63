"""The optional semantic layer: a second look at the concepts the word rules did not credit.

Keywords can't see a paraphrase ("greenery uses sunshine to build a sweet fuel" for "photosynthesis
makes glucose"). When the bot runs with `RECALL_SEMANTIC=on`, an injected `ClauseJudge` (sentence
embeddings, outside the core: bot/semantic) scores each clause of the answer against each open concept's
reference text (its name, a sentence by the deck's author); a clause scoring at least
the judge's threshold credits the concept, and the member is shown that clause, marked as said in other
words. The core stays pure: it only decides what to ask and what an answer may earn.

The layer only adds credit, and never where the word rules said no:
- an answer the gaming rules withheld (a keyword list, a copied question) gets nothing from it, nor does
  one shaped like a list, or one with too few words for the concepts it would then hold (the same rule);
- a concept the answer denies, or that a stated misconception contradicts, stays uncredited;
- a clause with a negation in it credits nothing (embeddings barely see "not");
- a clause holding one of the concept's `not_with` words, or a stated misconception's trigger, or a
  whole keyword of the concept (found there, so the word rules had a reason to refuse it) does not
  credit that concept.
Work is bounded: at most MAX_CLAUSES clauses of at most MAX_CLAUSE_CHARS characters per answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from bot.core.deck import Flashcard, OpenCard
from bot.core.grading import (
    LIST_ITEM_WORDS,
    LIST_MIN_ITEMS,
    MIN_WORDS_PER_CONCEPT,
    ConceptVerdict,
    GradeResult,
    card_compiled,
    grade_card,
)
from bot.core.grading_compile import CompiledCard
from bot.core.grading_relations import CLAUSE_WORDS
from bot.core.text_normalize import MARKS, SENTENCE_MARKS, STOPWORDS, Tokens, tokenize

MAX_CLAUSES = 24  # clauses judged per answer (the first ones): bounds the model's work on a long answer
MAX_CLAUSE_CHARS = 300
MIN_CLAUSE_WORDS = 3  # "sun sugar" says nothing on its own
_NEGATION = "not"
# Clause words that start a new statement: a clause is cut before them ("and" joins too often to cut at).
_CUT_WORDS = CLAUSE_WORDS - {"and", "so", "than"}
_NARROW_CUTS = (CLAUSE_WORDS | (MARKS - SENTENCE_MARKS)) - {"than", "(", ")"}


class ClauseJudge(Protocol):
    """How much each clause says what each reference text says (cosine of sentence vectors, -1..1).

    `threshold` is the judge's own: a clause scoring at least that against a concept's reference
    expresses it. Implementations run on the grading thread and must bound their own work per call."""

    name: str
    threshold: float
    margin: float  # and by at least this much more than against any other concept of the card

    def similarities(self, clauses: Sequence[str], references: Sequence[str]) -> list[list[float]]: ...


@dataclass(frozen=True, slots=True)
class Clause:
    text: str  # as written (accents folded)
    words: frozenset[str]  # canonical words, marks left out
    negated: bool


def answer_clauses(tokens: Tokens) -> list[Clause]:
    """Each sentence, then its parts between clause words ("but", "because", "while", ...), then its
    narrower parts (also cut at "and", "so", commas and colons), in order, without repeats. The wider
    ones keep a statement's context ("it" and what it stands for); the narrower ones let a sentence
    that says two things be matched on each. A narrow part counts as negated when the part between
    clause words that holds it is: "not smaller and not faster and the precision stays the same" says
    nothing in its last words that it does not deny around them."""
    words = tokens.words
    spans: list[tuple[int, int, int, int]] = []  # first, end, and the span whose negation it shares
    start = 0
    for position in range(len(words) + 1):
        if position == len(words) or words[position] in SENTENCE_MARKS:
            spans.append((start, position, start, position))
            parts = _pieces(words, start, position, _CUT_WORDS) or [(start, position)]
            spans.extend((first, end, first, end) for first, end in parts if (first, end) != (start, position))
            for first, end in _pieces(words, start, position, _NARROW_CUTS):
                scope = next((part for part in parts if part[0] <= first and end <= part[1]), (start, position))
                spans.append((first, end, *scope))
            start = position + 1
    found: list[Clause] = []
    seen: set[tuple[int, ...]] = set()
    for first, end, scope_first, scope_end in spans:
        places = tuple(p for p in range(first, end) if words[p] not in MARKS)
        if len(places) < MIN_CLAUSE_WORDS or places in seen:
            continue
        seen.add(places)
        negated = _NEGATION in words[scope_first:scope_end]
        found.append(Clause(tokens.display([places])[0][:MAX_CLAUSE_CHARS], frozenset(words[p] for p in places),
                            negated))
        if len(found) >= MAX_CLAUSES:
            break
    return found


def _pieces(words: Sequence[str], start: int, end: int, cuts: frozenset[str]) -> list[tuple[int, int]]:
    """The parts of words[start:end] between the cut words (none: nothing, the whole is already in)."""
    pieces: list[tuple[int, int]] = []
    first = start
    for position in range(start, end):
        if words[position] in cuts:
            pieces.append((first, position))
            first = position + 1
    if pieces:
        pieces.append((first, end))
    return pieces


def concept_references(card: OpenCard | Flashcard) -> tuple[tuple[str, ...], ...]:
    """Per concept of the card, the texts a clause is compared with: the concept's name, a sentence by
    the deck's author. Measured on the blind set's TUNE half, the model answer's sentences and the
    keywords as extra references cost precision and added no paraphrase: one model-answer sentence
    states several concepts, so a clause near it scores high against all of them
    (benchmarks/grading/README.md, Semantic layer)."""
    compiled, _derived = card_compiled(card)
    return tuple((name,) for name in compiled.names)


def _phrase_words(text: str) -> frozenset[str]:
    return frozenset(word for word in tokenize(text).words if word not in MARKS and word not in STOPWORDS)


@dataclass(frozen=True, slots=True)
class SemanticCard:
    """What the layer needs of a card, worked out once per card."""

    references: tuple[tuple[str, ...], ...]
    not_with: tuple[tuple[frozenset[str], ...], ...]  # per concept: each not_with phrase's content words
    keyword_words: tuple[tuple[frozenset[str], ...], ...]  # per concept: each keyword's content words


def semantic_card(card: OpenCard) -> SemanticCard:
    compiled, _derived = card_compiled(card)
    not_with = tuple(tuple(filter(None, map(_phrase_words, c.not_with))) for c in card.concepts)
    return SemanticCard(concept_references(card), not_with, _keyword_words(compiled))


def _keyword_words(compiled: CompiledCard) -> tuple[tuple[frozenset[str], ...], ...]:
    return tuple(tuple(filter(None, (_phrase_words(k.text) for k in keywords))) for keywords in compiled.keywords)


_BY_CARD: dict[int, tuple[object, SemanticCard]] = {}
_BY_CARD_LIMIT = 256


def _cached_semantic_card(card: OpenCard) -> SemanticCard:
    entry = _BY_CARD.get(id(card))
    if entry is not None and entry[0] is card:
        return entry[1]
    if len(_BY_CARD) >= _BY_CARD_LIMIT:
        del _BY_CARD[next(iter(_BY_CARD))]
    built = semantic_card(card)
    _BY_CARD[id(card)] = (card, built)
    return built


def review(result: GradeResult, answer: str, card: OpenCard | Flashcard, judge: ClauseJudge) -> GradeResult:
    """`result` with the concepts the judge finds stated in other words credited, under the rules above."""
    if result.flags or not isinstance(card, OpenCard) or not card.concepts:
        return result  # withheld, or concepts derived from a model answer (single words: nothing to judge)
    contradicted = {found.contradicts for found in result.misconceptions if found.contradicts}
    open_concepts = [i for i, v in enumerate(result.concepts)
                     if not v.hit and not v.negated and v.name not in contradicted]
    if not open_concepts:
        return result
    tokens = tokenize(answer if isinstance(answer, str) else "")
    if _reads_like_a_list(tokens):
        return result
    clauses = [c for c in answer_clauses(tokens) if not c.negated]
    triggers = [_phrase_words(found.trigger) for found in result.misconceptions]
    clauses = [c for c in clauses if not any(t and t <= c.words for t in triggers)]
    if not clauses:
        return result
    plan = _cached_semantic_card(card)
    references: list[str] = []
    owners: list[int] = []
    for index, texts in enumerate(plan.references):  # every concept's, credited or not: they compete
        references.extend(texts)
        owners.extend([index] * len(texts))
    references.append(card.prompt)  # so does the question: a clause nearer it than to any concept only
    owners.append(len(plan.references))  # names the topic ("TCP is reliable")
    table = judge.similarities([c.text for c in clauses], references)
    best: dict[int, tuple[float, int]] = {}
    wanted = set(open_concepts)
    for row, clause in enumerate(clauses):
        scores: dict[int, float] = {}
        for column, index in enumerate(owners):
            scores[index] = max(scores.get(index, -1.0), table[row][column])
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        index, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else -1.0
        # The clause says this concept, and more plainly than any other of the card's or the question
        # (a clause that only names the topic sits near several of them and credits none).
        if index not in wanted or score < judge.threshold or score - runner_up < judge.margin:
            continue
        if score <= best.get(index, (-2.0, 0))[0]:
            continue
        if any(words <= clause.words for words in plan.not_with[index]):
            continue
        if any(words <= clause.words for words in plan.keyword_words[index]):
            continue
        best[index] = (score, row)
    if not best or tokens.word_count < MIN_WORDS_PER_CONCEPT * (result.hits + len(best)):
        return result  # the keyword-list rule, counting these credits too: too few words for so many ideas
    verdicts = list(result.concepts)
    for index, (score, row) in best.items():
        verdicts[index] = ConceptVerdict(verdicts[index].name, True, clauses[row].text,
                                         max(50, min(100, round(100 * score))), in_other_words=True)
    return replace(result, concepts=tuple(verdicts))


def _reads_like_a_list(tokens: Tokens) -> bool:
    """The gaming rule's list shape: 3+ comma/line separated items of at most 3 words ("sun, rain, sugar")."""
    items = tokens.items
    return len(items) >= LIST_MIN_ITEMS and max(items) <= LIST_ITEM_WORDS


def grade_card_with(answer: str, card: OpenCard | Flashcard, judge: ClauseJudge | None) -> GradeResult:
    """`grade_card`, then (with a judge) the semantic layer's second look."""
    result = grade_card(answer, card)
    return result if judge is None else review(result, answer, card, judge)
