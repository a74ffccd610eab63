"""Words a Japanese card writes in hiragana ("でんぷん", "つく", "いつも", "さかん"): content, not inflection.

The character matcher (bot/core/languages/cjk.py) reads a run of hiragana as inflections and particles, a
little word. A keyword written in kana would then be no word at all (found in any answer), and the kana
part of "呼吸よりさかん" or "光がいる" would be dropped, so that any answer naming 呼吸 or 光 is credited.

A card phrase's kana words: its hiragana pieces (as the matcher cuts them) that read as no particle or
ending, with a leading particle dropped ("がいる" -> "いる", "よりさかん" -> "さかん"), of at least
MIN_KANA kana, that are no function word themselves (a phrase never starts with a particle: "でんぷん"). A piece right after a kanji is its okurigana ("当たる",
"明るい") unless it starts with a particle. A kana word is read as itself in the phrase and, in an answer
to the card, where it may start a word: after a particle or at the start of a kana run ("光を当てている"
does not hold いる: て is no particle).
A kana verb of the godan class ending in る after an a-, u- or o-row kana ("なる", "ある", "つくる") is also
found in its te/ta form and its stem ("なって", "なった", "なり": `word_forms`), read as the word; a form
that is a function word ("なら": if) is left alone. (Ichidan verbs, "いる", "できる", are left as written.)
A phrase is a text without a sentence mark (keywords, role words, triggers); a question or hint is read
as answers are read without the card's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.core.languages.cjk import HIRAGANA, _is_han, _is_hiragana, fold
from bot.core.text_normalize import MAX_TEXT_CHARS, Tokens

MIN_KANA = 2
MAX_KANA_WORDS = 200  # per card, longest first (a card's phrases rarely hold more than a dozen)
_READ_AS_ENDING = "the"  # what the matcher reads a hiragana piece as when it names no particle
# Particles a kana word may follow (dropped from the front of a piece), longest first
LEADING_PARTICLES = ("よりも", "より", "から", "まで", "が", "の", "を", "に", "で", "と", "も", "へ", "や", "は")
# Where a kana word may start in an answer: not inside a kana run unless a particle stands just before
# it (after a kanji it may: answers drop particles, "養分つくって")
_WORD_START = rf"(?:(?<![{HIRAGANA}])|(?<=より)|(?<=から)|(?<=まで)|(?<=[がのをにでともへやは]))"
_SENTENCE_MARKS = re.compile(r"[。．.!?！？\n]")


def is_phrase(text: str) -> bool:
    """A keyword, role word or trigger: no sentence mark inside (a question or hint has one)."""
    return _SENTENCE_MARKS.search(text) is None and len(text) <= MAX_TEXT_CHARS


def phrase_kana_words(text: str, tokenize: Callable[[str], Tokens], function_words: frozenset[str]) -> list[str]:
    """The kana words of one card phrase (see the module's docstring), read with the plain `tokenize`."""
    tokens = tokenize(text)
    gaps, pieces = tokens.parts[0::2], tokens.parts[1::2]
    found: list[str] = []
    for index, (piece, word) in enumerate(zip(pieces, tokens.words, strict=True)):
        if word != _READ_AS_ENDING or not _is_hiragana(piece[0]):
            continue
        # (a phrase never starts with a particle: "でんぷん", "でき" keep their first kana)
        particle = next((lead for lead in LEADING_PARTICLES if piece.startswith(lead)), "") if index else ""
        after_kanji = index > 0 and not gaps[index] and _is_han(pieces[index - 1][-1])
        if after_kanji and not particle:
            continue  # okurigana: an ending of the kanji before it
        rest = piece[len(particle):]
        if len(rest) >= MIN_KANA and all(map(_is_hiragana, rest)) and rest not in function_words:
            found.append(rest)
    return found


_GODAN_BEFORE_RU = frozenset("あかさたなはまやらわがざだばぱうくすつぬふむゆるぐずづぶぷおこそとのほもよろをごぞどぼぽ")
_GODAN_FORMS = ("っ", "り")  # (replacing る: なって, なった, なり)


def word_forms(words: Iterable[str], function_words: frozenset[str]) -> dict[str, str]:
    """Each kana word and its godan forms (see the module's docstring) -> the word."""
    forms: dict[str, str] = {}
    for word in words:
        forms[word] = word
        if len(word) >= MIN_KANA and word.endswith("る") and word[-2] in _GODAN_BEFORE_RU:
            for ending in _GODAN_FORMS:
                form = word[:-1] + ending
                if form not in function_words and len(form) >= MIN_KANA:
                    forms.setdefault(form, word)
    return forms


def card_kana_pattern(words: Iterable[str]) -> str:
    """A regular-expression alternative finding these kana words where a word may start ("" for none)."""
    chosen = sorted(set(words), key=lambda word: (-len(word), word))[:MAX_KANA_WORDS]
    if not chosen:
        return ""
    return "|" + _WORD_START + "(?:" + "|".join(map(re.escape, chosen)) + ")"


def folded_lower(text: str) -> str:
    return fold(text[:MAX_TEXT_CHARS] if isinstance(text, str) else "").lower()
