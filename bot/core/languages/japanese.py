"""Japanese: the character matcher of bot/core/languages/cjk.py, particles read as little words, and
negation after the predicate (ない, ません, ず, ぬ, なかった, じゃない, ではない, なく): it denies the
words before it in its clause, back to the topic particle は or a clause break ("データベースはバグがない":
バグ is denied, データベース is not). A negating prefix (不, 無, 非, 未) denies the next two characters."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

from bot.core.languages import LanguageRules
from bot.core.languages.alphabetic import CLAUSE_STOPS
from bot.core.languages.cjk import NEGATION, CharacterLanguage
from bot.core.text_normalize import MARKS, STOPWORDS

# Kana particles and conjunctions -> the English little word that plays their part. は is the topic
# ("is" here): a negation's reach stops there.
_PARTICLES = {
    "は": "is", "が": "a", "を": "the", "に": "to", "で": "at", "と": "with", "の": "of", "も": "too", "へ": "into",
    "や": "also", "か": "if", "から": "from", "まで": "until", "より": "than", "には": "to", "では": "at",
    "とは": "is", "には、": "to", "けど": "but", "けれど": "but", "けれども": "but", "しかし": "but", "でも": "but",
    "だが": "but", "ですが": "but", "のに": "although", "ので": "since", "ため": "for", "ために": "for",
    "ながら": "while", "つまり": "so", "だから": "so", "そして": "and", "また": "also", "および": "and",
    "または": "or", "あるいは": "or", "もし": "if", "なら": "if", "ば": "if", "たら": "if", "する": "do",
    "した": "do", "して": "do", "します": "do", "しました": "do", "できる": "can", "ある": "has", "あります": "has",
    "いる": "is", "います": "is", "です": "is", "だ": "is", "である": "is", "った": "the", "て": "the", "た": "the",
    "など": "etc", "ほど": "as", "だけ": "only", "しか": "only", "ばかり": "only",
}
_FUNCTION_HAN = {"又は": "or", "及び": "and", "但し": "but"}
# Kanji numerals read as digits ("二倍" = "2倍"); 百 and 千 as their values (no place-value arithmetic).
_NUMERALS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7",
             "八": "8", "九": "9", "十": "10", "百": "100", "千": "1000"}
# A negation inside a kana run, its own token (the longest first); ず and ぬ only where the kana run ends
# (ず also before に). An adjective ending in ない is no negation: 少ない "few" is one token, read as 少.
# "Must" is said with two negations (なければならない, なくてはいけない, ないといけない): no denial; matched
# first, as one token (a little word). A lone なければ ("if not") or なくては stays as written, no denial.
_OBLIGATION_KANA = (r"なければ(?:なら|いけ)(?:ない|なかった|ず|ません)|なくては(?:なら|いけ)(?:ない|なかった|ず|ません)"
                    r"|ないと(?:いけ|だめ)(?:ない|ません)?|なければ|なくては")
_NEGATION_KANA = _OBLIGATION_KANA + r"|なかった|なかっ|なくて|なくな|なく|ない|ません|ず(?=に|[^\u3041-\u3096]|$)|ぬ(?![\u3041-\u3096])"
_ADJECTIVES_ENDING_NAI = {"少ない": "少", "危ない": "危", "汚い": "汚", "幼い": "幼", "少なく": "少", "危なく": "危"}
_PREFIXES = frozenset("不無非未")
_TOPIC = "is"
_BOUNDARIES = frozenset((_TOPIC, "with", NEGATION))  # は, と ("when", "and"), another negation
_BACK_SCOPE = 4  # content characters before a negation it can reach
_PREFIX_SCOPE = 2


LANGUAGE = CharacterLanguage(
    {**_PARTICLES, **dict.fromkeys(("なかった", "なかっ", "なくて", "なくな", "なく", "ない", "ません", "ず", "ぬ"), NEGATION),
     **_FUNCTION_HAN, **_NUMERALS, **_ADJECTIVES_ENDING_NAI, **dict.fromkeys(_PREFIXES, NEGATION)},
    kana_words=_NEGATION_KANA,
)
for _english in LANGUAGE._table.values():
    assert _english in STOPWORDS or _english in MARKS or _english in (NEGATION, "only") or _english in "少危汚幼" \
        or _english.isdigit()


def negated_positions(words: Sequence[str]) -> frozenset[int]:
    """Back from each negation over its clause (to は, a mark or a clause word), at most _BACK_SCOPE
    content tokens; a negating prefix forward over the next _PREFIX_SCOPE content tokens."""
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
        while position >= 0 and found < _BACK_SCOPE:
            word = words[position]
            if word in MARKS or word in CLAUSE_STOPS or word in _BOUNDARIES:
                break
            if word not in STOPWORDS:
                denied.add(position)
                found += 1
            position -= 1
    return frozenset(denied)


def _is_prefix_position(words: Sequence[str], start: int) -> bool:
    """A negation followed by a Han character it prefixes (不変, 無関係) rather than ending a predicate."""
    return start == 0 or words[start - 1] in STOPWORDS or words[start - 1] in MARKS or len(words[start - 1]) == 1


RULES = LanguageRules(code="ja", tokenize=LANGUAGE.tokenize, negated_positions=negated_positions, copy_run=10,
                      word_scale=0.5)
