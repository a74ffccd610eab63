"""Which words a Japanese negation denies (bot/core/languages/japanese.py reads the negations themselves).

A negation comes after its predicate: it denies the words before it in its clause, back to the topic
particle は or a clause break ("データベースはバグがない": バグ is denied, データベース is not), or to a
condition (と, ば, たら: "止めると流れない" denies the flowing, not the stopping), at most three words.
The topic is denied too when the predicate says it matters or changes ("速さは関係ない"), when it is the
partner of what was not done ("田中さんとは話さなかった"), and when the negated verb is said of it alone
("雨は降らなかった"). A negated clause after a concession (ても: "巻数を増やしても変わらない") denies what
the concession does too. A negating prefix (不, 無, 非, 未) denies the next two characters. "X以外"
(other than X) leaves X out of a negation said of the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

from bot.core.languages.alphabetic import CLAUSE_STOPS
from bot.core.languages.cjk import NEGATION, _is_han
from bot.core.text_normalize import MARKS, STOPWORDS

# "X以外" (other than X): X is left out of what is said of the others, a negation included
EXCEPT = "other"
_TOPIC = "is"
_BOUNDARIES = frozenset((_TOPIC, "with", "if", NEGATION, EXCEPT))  # は, と ("when", "and"), ば/たら, another
# negation, 以外 ("オランダ以外とは貿易しなかった" denies nothing of オランダ)
_CONCESSIVE = "though"  # ても
# First characters of predicates whose denial is said of the topic: 関係 (matters), 変わる/変化 (changes),
# 影響 (affects), 左右 (sways), 依存 (depends)
_RELEVANCE_HEADS = frozenset("関変影左依")
_CONCESSIVE_SCOPE = 6  # content tokens of a ても clause a denial of its main clause reaches
# Before a negation it can reach _BACK_WORDS words (content tokens standing together: "ポルトガル船の来航を
# 認めなかった" denies 認, 来航 and ポルトガル船), at most _BACK_SCOPE content tokens in all
_BACK_WORDS = 3
_BACK_SCOPE = 8
_PREFIX_SCOPE = 2
# A verb denied of its topic alone (_bare_verb): particles that give it an argument of its own, the words an
# inflection reads as, and the content tokens (the verb, a quantity with も) its clause may hold
ARGUMENT = "an"  # such a particle right before a kana negation (_after_tokens)
ARGUMENT_PARTICLES = frozenset(("a", "its", "to", "at", "with", "of", "from", "into", "is", ARGUMENT))
_INFLECTIONS = frozenset(("the", "do"))
_BARE_CONTENT = 3


def negated_positions(words: Sequence[str]) -> frozenset[int]:
    """Back from each negation over its clause (to は, a mark or a clause word), at most _BACK_WORDS
    words (_BACK_SCOPE content tokens); a negating prefix forward over the next _PREFIX_SCOPE content tokens."""
    denied: set[int] = set()
    count = len(words)
    for start in compress(range(count), map(NEGATION.__eq__, words)):
        after = words[start + 1] if start + 1 < count else ""
        if after and after not in STOPWORDS and after not in MARKS and after != NEGATION and len(after) == 1 \
                and _is_prefix_position(words, start):
            denied.update(range(start + 1, min(count, start + 1 + _PREFIX_SCOPE)))
            continue
        found = 0
        position = start - 1
        heads = False  # the denied predicate says "matters", "changes" or "affects"
        passed_topic = False
        in_word = False  # the token after this one (read before it) was content: the same word
        characters = 0
        while position >= 0 and characters < _BACK_SCOPE:
            word = words[position]
            if word == _TOPIC and not passed_topic and (heads or (position and words[position - 1] == "with")
                                                        or _bare_verb(words, position, start)):
                # "速さは関係ない", "大きさは変わらない": the topic is what does not matter or change;
                # "田中さんとは話さなかった": the partner of what was not done; "雨は降らなかった": the
                # topic of a verb denied with nothing else in its clause
                passed_topic = True
                found = characters = 0
                in_word = False
                position -= 2 if position and words[position - 1] == "with" else 1
                continue
            if word in MARKS or word in CLAUSE_STOPS or word in _BOUNDARIES:
                break
            if word in STOPWORDS:
                in_word = False
            else:
                if not in_word:
                    if found >= _BACK_WORDS:
                        break
                    found += 1
                in_word = True
                denied.add(position)
                characters += 1
                heads = heads or word in _RELEVANCE_HEADS
            position -= 1
    if _CONCESSIVE in words:
        denied.update(_concessive_denials(words))
    return frozenset(denied)


def _bare_verb(words: Sequence[str], topic: int, negation: int) -> bool:
    """Whether the negation denies a verb said of the topic alone ("雨は降らなかった", "船は来ない", "雨は
    一滴も降らなかった"): no argument of its own between (a particle が, を, に, で, と, の, から, へ:
    "バグがない", "根で行われない") and at most _BARE_CONTENT content tokens, the last a verb (a kana
    inflection before the negation, or one kanji: "来ない"), not a noun ("問題ない", "必要ない")."""
    between = words[topic + 1 : negation]
    if not between or not ARGUMENT_PARTICLES.isdisjoint(between):
        return False
    content = [word for word in between if word not in STOPWORDS and word not in MARKS]
    if not content or len(content) > _BARE_CONTENT:
        return False
    last = between[-1]
    if last in _INFLECTIONS:
        return True
    return len(last) == 1 and _is_han(last) and (len(between) == 1 or between[-2] in STOPWORDS)


def _concessive_denials(words: Sequence[str]) -> list[int]:
    """"XしてもYは変わらない": when the clause after a ても is negated, what the ても clause does is
    denied its effect (its content tokens, back to its clause's start)."""
    denied: list[int] = []
    count = len(words)
    for middle in compress(range(count), map(_CONCESSIVE.__eq__, words)):
        position = middle + 1
        while position < count and words[position] not in MARKS and words[position] not in CLAUSE_STOPS:
            if words[position] == NEGATION:
                break
            position += 1
        else:
            continue
        found = 0
        position = middle - 1
        while position >= 0 and found < _CONCESSIVE_SCOPE:
            word = words[position]
            if word in MARKS or word in CLAUSE_STOPS or word in _BOUNDARIES:
                break
            if word not in STOPWORDS:
                denied.append(position)
                found += 1
            position -= 1
    return denied


def _is_prefix_position(words: Sequence[str], start: int) -> bool:
    """A negation followed by a Han character it prefixes (不変, 無関係) rather than ending a predicate: after
    a particle, a mark or a Han character, not after a kana inflection ("でなく電圧も": "not ..., but")."""
    if start == 0:
        return True
    before = words[start - 1]
    return before != "the" and before != ARGUMENT and (before in STOPWORDS or before in MARKS or len(before) == 1)
