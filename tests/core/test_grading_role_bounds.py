"""The work roles and misconceptions add per answer is bounded, and the bounds are counted, not timed
(timings: benchmarks/grading/worst_card.py): role checks, trigger steps, and typo work shared with the
keywords. A card filled to the limits still grades an answer that explains right; a card built past
every limit is cut when compiled."""

from __future__ import annotations

import random
from itertools import cycle, islice

from bot.core.deck import Concept, Misconception, OpenCard
from bot.core.grading import card_compiled, card_relations, grade_card
from bot.core.grading_words import TypoWork, resolve_words
from bot.core.limits import (
    GRADED_CARD_KEYWORD_CHARS,
    MAX_CARD_KEYWORD_CHARS,
    MAX_RELATION_CHECKS,
    MAX_TRIGGER_STEPS,
    MAX_TYPO_COMPARISONS,
    MAX_TYPO_MATCHES,
    keyword_characters,
)
from bot.core.text_normalize import tokenize

RNG = random.Random(41)
_ONSETS = "bdfgklmnprtvz"
_VOWELS = "aeiou"


def _words(count: int, syllables: int, first: str = "") -> list[str]:
    """Made-up words no English rule changes ("zatok" stays "zatok"), distinct."""
    assert count <= (len(_ONSETS) * len(_VOWELS)) ** syllables * 3  # (there are enough of them)
    found: dict[str, None] = {}
    while len(found) < count:
        word = first + "".join(RNG.choice(_ONSETS) + RNG.choice(_VOWELS) for _ in range(syllables)) + RNG.choice("kpt")
        found[word] = None
    return list(found)


def _card(concepts: list[Concept], misconceptions: list[Misconception]) -> OpenCard:
    card = OpenCard(id="bounds", kind="open", level="advanced", prompt="Explain it.", concepts=concepts,
                    misconceptions=misconceptions)
    assert keyword_characters(card) <= MAX_CARD_KEYWORD_CHARS  # (a card a deck may hold)
    return card


def _work(card: OpenCard, answer: str) -> tuple[int, int]:
    """Role checks and trigger steps one answer used."""
    relations = card_relations(card)
    assert relations is not None
    done = relations.done
    done.most_role_checks = done.most_trigger_steps = 0
    grade_card(answer, card)
    return done.most_role_checks, done.most_trigger_steps


def test_role_checks_stop_at_their_bound() -> None:
    """Keywords of every concept and 40 role words they all share, crowded into one long clause: every
    keyword place has role places of every word around it."""
    keywords, roles = _words(120, 1), _words(40, 1)
    concepts = []
    for index in range(12):
        shuffled = RNG.sample(roles, len(roles))
        concepts.append(Concept(name=f"c{index}", keywords=keywords[index * 10 : (index + 1) * 10],
                                requires=shuffled[:20], not_with=shuffled[20:]))
    card = _card(concepts, [])
    for share in (0.3, 0.6, 0.9):
        answer = " ".join(RNG.choice(keywords) if RNG.random() < share else RNG.choice(roles) for _ in range(900))
        checks, _ = _work(card, answer[:4000])
        assert checks == MAX_RELATION_CHECKS  # reached, never passed
    relations = card_relations(card)
    assert relations is not None and relations.done.most_role_checks == MAX_RELATION_CHECKS


def test_trigger_steps_stop_at_their_bound() -> None:
    """100 triggers of 6 words over 30, and an answer of their phrases each missing its last word."""
    vocabulary = _words(30, 2)
    triggers = [" ".join(RNG.choice(vocabulary) for _ in range(6)) for _ in range(100)]
    misconceptions = [Misconception(triggers=triggers[i : i + 10], correction="No.") for i in range(0, 100, 10)]
    card = _card([Concept(name="c", keywords=[vocabulary[0]])], misconceptions)
    answer = " ".join(word for trigger in islice(cycle(triggers), 120) for word in [*trigger.split()[:-1], "the"])
    _, steps = _work(card, answer[:4000])
    assert steps == MAX_TRIGGER_STEPS


def test_role_words_and_keywords_share_the_answers_typo_bounds() -> None:
    """Keywords and role words of one first letter and length: every near miss of either is compared
    with both, once for the keywords and once for the role words, from one budget."""
    words = _words(600, 2, "s")
    concepts = [Concept(name=f"c{i}", keywords=words[i * 50 : i * 50 + 10], requires=words[i * 50 + 10 : i * 50 + 30],
                        not_with=words[i * 50 + 30 : i * 50 + 50]) for i in range(8)]
    card = _card(concepts, [])
    compiled, _ = card_compiled(card)
    relations = card_relations(card)
    assert relations is not None
    near = [word[:3] + word[4] + word[3] + word[5:] for word in words[:400]]  # two letters swapped
    answer = " ".join(RNG.choice(near) for _ in range(700))[:4000]
    compiled.forget_typos()
    relations.words.forget_typos()
    before = compiled.typo_comparisons + relations.words.typo_comparisons
    grade_card(answer, card)
    used = compiled.typo_comparisons + relations.words.typo_comparisons - before
    assert MAX_TYPO_COMPARISONS - 500 < used <= MAX_TYPO_COMPARISONS  # both together: reached, not passed
    matches = sum(map(len, compiled.fuzzy_cache.values())) + sum(map(len, relations.words.fuzzy_cache.values()))
    assert matches <= MAX_TYPO_MATCHES
    # the role words alone would have used a budget of their own (as they did when each had one)
    relations.words.forget_typos()
    before = relations.words.typo_comparisons
    tokens = tokenize(answer)
    resolve_words(tokens, set(tokens.words), relations.words, TypoWork())
    assert relations.words.typo_comparisons - before > MAX_TYPO_COMPARISONS / 2


def test_a_card_filled_to_the_limits_grades_an_answer_that_explains_right() -> None:
    """12 concepts with 20 requires and 20 not_with each, 100 triggers, the 4,000 characters all used;
    a 4000-character answer with one sentence per concept among filler: the roles, a not_with word and
    a stated misconception decide as on a small card, and no bound is reached."""
    words = _words(12 * 42 + 100, 2)
    concepts = []
    for index in range(12):
        own = words[index * 42 : (index + 1) * 42]
        concepts.append(Concept(name=f"c{index}", keywords=own[:2], requires=own[2:22], not_with=own[22:42]))
    spare, longer = words[12 * 42 :], _words(100, 3)
    triggers = [f"{spare[i]} {longer[i]}" for i in range(100)]
    misconceptions = [Misconception(triggers=triggers[i : i + 10], correction=f"Correction {i}.",
                                    contradicts=f"c{i // 10 + 1}") for i in range(0, 100, 10)]
    card = _card(concepts, misconceptions)
    assert keyword_characters(card) > 0.95 * MAX_CARD_KEYWORD_CHARS
    sentences = [f"The {concepts[0].keywords[0]} is {concepts[0].not_with[5]} and {concepts[0].requires[3]} today."]
    sentences += [f"The {concepts[i].keywords[i % 2]} is {concepts[i].requires[i]} in this case." for i in range(1, 12)]
    sentences.insert(6, f"Some say {triggers[15]} though.")  # misconception 2: voids c2
    filler = " ".join(f"Other {w} matter here." for w in _words(300, 3, "h"))
    answer = (" ".join(sentences) + " " + filler)[:4000]
    graded = grade_card(answer, card)
    hits = {verdict.name: verdict.hit for verdict in graded.concepts}
    assert hits == {f"c{i}": i not in (0, 2) for i in range(12)}  # c0: a not_with word beside; c2: contradicted
    assert [(m.trigger, m.contradicts) for m in graded.misconceptions] == [(triggers[15], "c2")]
    checks, steps = _work(card, answer)
    assert checks < MAX_RELATION_CHECKS / 10 and steps < MAX_TRIGGER_STEPS / 10


def test_a_card_past_every_limit_has_its_roles_cut_to_the_card_budget_when_compiled() -> None:
    long_words = [word * 8 for word in _words(2000, 2)]  # 40 characters each
    concepts = [Concept(name=f"c{i}", keywords=long_words[i : i + 1], requires=long_words[100 + i * 40 : 120 + i * 40],
                        not_with=long_words[120 + i * 40 : 140 + i * 40]) for i in range(25)]
    misconceptions = [Misconception(triggers=long_words[1500 + i * 10 : 1510 + i * 10], correction="x" * 10_000)
                      for i in range(10)]
    relations = card_relations(OpenCard(id="huge", kind="open", level="advanced", prompt="P", concepts=concepts,
                                        misconceptions=misconceptions))
    assert relations is not None
    texts = {keyword.text for _, keyword in relations.words.keyword_entries}
    kept_keywords = {text for concept in concepts for text in concept.keywords} & texts
    assert sum(map(len, texts - kept_keywords)) <= GRADED_CARD_KEYWORD_CHARS  # role words and triggers
    assert sum(map(len, kept_keywords)) <= GRADED_CARD_KEYWORD_CHARS
    assert len(texts - kept_keywords) > GRADED_CARD_KEYWORD_CHARS / 40 / 2  # (cut, not emptied)
    assert all(len(m.correction) <= 200 for m in relations.misconceptions)


def test_a_valid_card_graded_from_its_model_answer_keeps_every_trigger() -> None:
    """Its derived keywords are the grader's, not the author's: its triggers alone fill the budget."""
    words = _words(400, 2)
    triggers = [" ".join(words[i * 4 : i * 4 + 4])[:40] for i in range(100)]
    card = OpenCard(id="derived", kind="open", level="advanced", prompt="Explain it.",
                    model_answer=" ".join(words[:300])[:2000],
                    misconceptions=[Misconception(triggers=triggers[i : i + 10], correction="No.")
                                    for i in range(0, 100, 10)])
    assert keyword_characters(card) > 0.5 * MAX_CARD_KEYWORD_CHARS
    relations = card_relations(card)
    assert relations is not None
    assert sum(len(item.triggers) for item in relations.misconceptions) == 100
