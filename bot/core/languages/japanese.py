"""Japanese: the character matcher of bot/core/languages/cjk.py, particles read as little words, and
negations after the predicate (ない, ません, ず, ぬ, なかった, じゃない, ではない, なく, なし; どころか "far
from", というより "rather than"), whose reach is bot/core/languages/japanese_negation.py's. A verb written
in kana after を ("電気をためて") is a word of its own (its first two kana), not an inflection; a negation
after "only" (しかない, だけでなく, しか…ない) denies nothing; a kana negation is never a prefix ("電流では
なく磁界": 電流 is denied, 磁界 is not). Questions, doubts, negated clauses denied in turn and claims
reported then rejected state nothing, and two negations may affirm (bot/core/languages/japanese_clauses.py);
"Xの代わりに" (instead of X) denies X. "Only" (だけ, のみ) is a token of its own; a verb of existence after
が ("光がいる") is a word; ぬ after を begins a verb ("色をぬく"). Words the card writes in hiragana are
words (bot/core/languages/japanese_kana_words.py); concepts framed in different times void each other's
keywords (bot/core/languages/japanese_settings.py); a card's compounds of three or more kanji are one word
(bot/core/languages/japanese_compounds.py: no "酸素" inside "二酸化炭素")."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.languages import LanguageRules, homophones
from bot.core.languages.alphabetic import CLAUSE_STOPS
from bot.core.languages.cjk import NEGATION, CharacterLanguage, _is_hiragana, fold
from bot.core.languages.japanese_certainty import read_certainty
from bot.core.languages.japanese_clauses import (
    DOUBT_WORDS,
    EMBEDDED_QUESTION,
    WHETHER,
    read_double_negations,
    read_questions,
    read_rejected_claims,
)
from bot.core.languages.japanese_compounds import RUN, compound_pattern, mark, phrase_compounds
from bot.core.languages.japanese_kana_words import card_kana_pattern, is_phrase, phrase_kana_words, word_forms
from bot.core.languages.japanese_negation import ARGUMENT, ARGUMENT_PARTICLES, EXCEPT, negated_positions
from bot.core.languages.japanese_settings import setting_roles
from bot.core.languages.japanese_spelling import card_spelling
from bot.core.languages.kana_readings import remap
from bot.core.text_normalize import MARKS, MAX_TEXT_CHARS, STOPWORDS, Tokens

# Kana particles and conjunctions -> the English little word that plays their part. は is the topic
# ("is" here): a negation's reach stops there.
_PARTICLES = {
    "は": "is", "が": "a", "を": "its", "に": "to", "で": "at", "と": "with", "の": "of", "も": "too", "へ": "into",
    "や": "also", "か": "if", "から": "from", "まで": "until", "より": "than", "には": "to", "では": "at",
    "とは": "is", "には、": "to", "けど": "but", "けれど": "but", "けれども": "but", "しかし": "but", "でも": "but",
    "だが": "but", "ですが": "but", "のに": "although", "ので": "since", "ため": "for", "ために": "for",
    "ながら": "while", "つまり": "so", "だから": "so", "そして": "and", "また": "also", "および": "and",
    "または": "or", "あるいは": "or", "もし": "if", "なら": "if", "ば": "if", "たら": "if", "する": "do",
    "した": "do", "して": "do", "します": "do", "しました": "do", "できる": "can", "ある": "has", "あります": "has",
    "いる": "is", "います": "is", "です": "is", "だ": "is", "である": "is", "った": "the", "て": "the", "た": "the",
    "など": "etc", "ほど": "as", "だけ": "only", "のみ": "only", "オンリー": "only", "しか": "only", "ばかり": "only",
}
# "X以外" (other than X) bounds a negation's reach (japanese_negation.py)
_FUNCTION_HAN = {"又は": "or", "及び": "and", "但し": "but", "以外": EXCEPT}
# "Xの代わりに" (instead of X): X is denied, as by a negation after it
_INSTEAD = ("代わりに", "かわりに")
# Kanji numerals read as digits ("二倍" = "2倍"); 百 and 千 as their values (no place-value arithmetic).
_NUMERALS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7",
             "八": "8", "九": "9", "十": "10", "百": "100", "千": "1000"}
# A negation inside a kana run, its own token (the longest first); ず and ぬ only where the kana run ends
# (ず also before に). An adjective ending in ない is no negation: 少ない "few" is one token, read as 少.
# "Must" is said with two negations (なければならない, なくてはいけない, ないといけない): no denial; matched
# first, as one token (a little word). A lone なければ ("if not") or なくては stays as written, no denial.
_OBLIGATION_KANA = (r"なければ(?:なら|いけ)(?:ない|なかった|ず|ません)|なくては(?:なら|いけ)(?:ない|なかった|ず|ません)"
                    r"|ないと(?:いけ|だめ)(?:ない|ません)?|なければ|なくては"
                    r"|(?:なきゃ|なくちゃ|ねば)(?:(?:なら|いけ)(?:ない|なかった|ず|ません)|だめ)?")  # (spoken: なきゃ, なくちゃ)
# "Far from X" (Xどころか) and "rather than X" (Xというより) deny X as "Xではなく" does
_RATHER_THAN = ("どころか", "というよりも", "というより")
_NEGATION_KANA = _OBLIGATION_KANA + "|" + "|".join(_RATHER_THAN) + r"|なかった|なかっ|なくて|なくな|なく|ない|ません|なし(?=で|[^\u3041-\u3096]|$)|ず(?=に|[^\u3041-\u3096]|$)|ぬ(?![\u3041-\u3096])"
# The colloquial negation ん after a verb's stem, written as okurigana ("流れん", "動かん", "変わらん", "できん"),
# where a kana run ends; never after さ alone ("田中さん") nor in a word written in kana ("たくさん", "ぜんぜん")
_N_STEM = "かがたなばまらわえけげせてねべめれきぎじちにびみり"
_NEGATION_KANA += (rf"|(?:(?<=[\u3400-\u9fff][{_N_STEM}])|(?<=[\u3400-\u9fff][\u3041-\u3096][{_N_STEM}さ]))ん"
                   r"|(?:(?<=[\u3400-\u9fff][\u3041-\u3096])|(?<=[\u3400-\u9fff][\u3041-\u3096]{2}))へん"  # (流れへん; not 大へん)
                   r"(?=って|の|よ|わ|けど|から|かった|[^\u3041-\u3096]|$)")
# "Only" closes a kana run ("当たるときだけ": the restriction is a word of its own, not an inflection);
# だけど is "but". (Before a negation, しか and だけで say "only": see _NOT_ONLY.)
_ONLY_KANA = (r"|だけ(?!ど)|のみ(?=[にでがをはのと]|[^\u3041-\u3096]|$)"
              r"|(?<=[でにをとへがはらか\u3400-\u9fff\u30a1-\u30fa])しか(?![もたくるけ]|し(?!な[いか]|ません))")
# が before a verb of existence ending the run: "光がいる" (light is needed), "水がある" say that the subject
# is there, their point; the verb is read as a word of its own (_after_tokens), not as "is"
_EXISTENCE = ("いる", "ある", "います", "あります")
_EXISTENCE_KANA = r"|が(?=(?:" + "|".join(_EXISTENCE) + r")(?![\u3041-\u3096]))"
# Doubt ends a sentence with a question ("やるんだっけ", "ないのかな", "出るのかどうか"): read as a negation
# (what it asks about is not stated; negated_positions: before a question mark, the whole sentence)
_DOUBT_KANA = (r"|(?:だっけ|っけ|かな|かしら|だろうか|でしょうか)(?![\u3041-\u3096])|かどうか|のか(?![\u3041-\u3096])"
               r"|かも(?=しれ|[^\u3041-\u3096]|$)")
# Particles that close a kana run, their own tokens: は (the topic, "大きさは"), the conditionals と, ば,
# たら ("止めると流れない": the condition is not what is denied) and the concessive ても ("増やしても
# 変わらない": what is done is denied its effect).
_CLOSING_KANA = (r"|(?:は|と|ば|たら|ても)(?![\u3041-\u3096])|と(?=は(?![\u3041-\u3096]))"
                 r"|を(?=[\u3041-\u3096])|(?<=の)かわりに" + _ONLY_KANA + _EXISTENCE_KANA)
_CLOSING = {"ても": "though", "たら": "if"}
_ADJECTIVES_ENDING_NAI = {"少ない": "少", "危ない": "危", "汚い": "汚", "幼い": "幼", "少なく": "少", "危なく": "危",
                          "欠かせない": "欠", "欠かせず": "欠"}
_PREFIXES = frozenset("不無非未")
# An arrow pointing up or down says "increases" / "decreases" (増える, 減る): "電流↑" is "電流が増える".
_ARROWS = {**dict.fromkeys("↑⬆↗", "増"), **dict.fromkeys("↓⬇↘", "減")}


_OBJECT = "を"
_KANA_STEM = 2  # kana of a word written in kana that name it ("ためて", "ためる", "ためた" -> "ため")


# A negation right after these is no denial: "しかない" (nothing but: only), "だけではない", "だけでなく"
# (not only ... but also)
# A negation before these says a purpose ("広まらないように", "忘れないために"): see _bound_purpose
_PURPOSE = frozenset(("よう", "ため"))  # (a piece of its own: "来ないよう見張った")
_PURPOSE_RUNS = ("ように", "ために")
_SEEMING = frozenset("見思")  # "…ないように見える": it seems not, no purpose ("ないようだ" neither)
_PURPOSE_REACH = 4  # tokens back from the negation to the が or を of its verb
_SUBJECT_OR_OBJECT = frozenset(("a", "its"))
_CONDITION = "if"
_SHIKA = "しか"
_ONLY_REACH = 6  # tokens from しか to the negation that says "only" with it
_NOT_ONLY = ("しか", "だけで", "だけでは", "だけじゃ", "ばかりで", "ばかりでは")


def _after_tokens(words: list[str], pieces: list[str]) -> None:
    """A verb written in kana after the object particle を ("電気をためて") is a word, not an inflection:
    its first kana stand for it (else "電気をためて" would read as "電気" alone). A negation after
    "only" (しか, だけで) is no denial."""
    for index in _places_after(pieces, _OBJECT):
        piece = pieces[index]
        if len(piece) >= _KANA_STEM and words[index] == "the" \
                and all("\u3041" <= ch <= "\u3096" for ch in piece[:_KANA_STEM]):
            words[index] = piece[:_KANA_STEM]
    for index in _places_after(pieces, "が"):
        if pieces[index] in _EXISTENCE:
            words[index] = pieces[index]
    for index in _places_after(pieces, _OBJECT):
        if pieces[index] == "ぬ":
            words[index] = "ぬ"  # a verb's first kana ("色をぬく"): a negation never follows a particle
    read_certainty(words, pieces)  # (違いない affirms; "Xのは間違いだ"; "XでもYでもない": japanese_certainty.py)
    negations = _places_after(words, NEGATION, 0)
    shika = _SHIKA in pieces  # (a C-level scan: most answers have none)
    for index in negations:
        if not index:
            continue
        if "".join(pieces[max(0, index - 2) : index]).endswith(_NOT_ONLY) or (shika and _after_shika(words, pieces, index)):
            words[index] = "only"
        elif words[index - 1] in STOPWORDS and (_is_hiragana(pieces[index][0]) or pieces[index] in _INSTEAD):
            # a kana negation ("ではなく電圧"): never a prefix of what follows (negated_positions
            # takes a negation after a kana inflection, "the", for the end of a predicate); a particle
            # giving the predicate an argument ("バグがない", "雨ではない") is kept apart as "an"
            words[index - 1] = ARGUMENT if words[index - 1] in ARGUMENT_PARTICLES else "the"
    for index in negations:
        after = pieces[index + 1] if index + 1 < len(pieces) else ""
        following = pieces[index + 2][:1] if index + 2 < len(pieces) else ""
        if after in _PURPOSE or (after.startswith(_PURPOSE_RUNS) and not (after == "ように" and following in _SEEMING)):
            _bound_purpose(words, index)
    if len(negations) > 1:
        read_double_negations(words, pieces, _places_after(words, NEGATION, 0))
    if negations or "違" in pieces or "誤" in pieces or "実" in pieces or "本" in pieces:
        read_rejected_claims(words, pieces)
    read_questions(words, pieces)


def _bound_purpose(words: list[str], negation: int) -> None:
    """"XがVないように" / "XをVないために" (so that X does not V, so as not to V X) denies the verb, not X:
    the が or を before the verb bounds the negation's reach, as English "so that X does not V" denies V."""
    for position in range(negation - 1, max(-1, negation - 1 - _PURPOSE_REACH), -1):
        word = words[position]
        if word in _SUBJECT_OR_OBJECT:
            words[position] = _CONDITION  # (a boundary of a negation's reach: japanese_negation.py)
            return
        if word in MARKS or word in CLAUSE_STOPS:
            return


def _after_shika(words: list[str], pieces: list[str], negation: int) -> bool:
    """"Xしか…ない" says "only X" with a verb between ("長崎でしか行われなかった": only at Nagasaki)."""
    for position in range(negation - 1, max(-1, negation - 1 - _ONLY_REACH), -1):
        if pieces[position] == _SHIKA:
            return True
        if words[position] in MARKS or words[position] in CLAUSE_STOPS or words[position] == NEGATION:
            return False
    return False


def _places_after(items: list[str], item: str, shift: int = 1) -> list[int]:
    """The positions of `item` plus `shift`, inside the list (list.index: a C-level scan)."""
    found: list[int] = []
    count = len(items)
    position = -1
    try:
        while True:
            position = items.index(item, position + 1)
            if position + shift < count:
                found.append(position + shift)
    except ValueError:
        return found


_FUNCTION_WORDS = {
    **_PARTICLES, **dict.fromkeys(("なかった", "なかっ", "なくて", "なくな", "なく", "ない", "ません", "なし", "ず", "ぬ", "ん", "へん"),
                                NEGATION),
    **_CLOSING, **_ARROWS, **_FUNCTION_HAN, **_NUMERALS, **_ADJECTIVES_ENDING_NAI, **dict.fromkeys(_PREFIXES, NEGATION),
    **dict.fromkeys((*DOUBT_WORDS, EMBEDDED_QUESTION, WHETHER), "the"), **dict.fromkeys(_INSTEAD, NEGATION),
    **dict.fromkeys(_RATHER_THAN, NEGATION)}
_KANA_WORDS = _NEGATION_KANA + _CLOSING_KANA + _DOUBT_KANA
LANGUAGE = CharacterLanguage(_FUNCTION_WORDS, kana_words=_KANA_WORDS, after_tokens=_after_tokens)
for _english in LANGUAGE._table.values():
    assert _english in STOPWORDS or _english in MARKS or _english in (NEGATION, "only") or _english in "少危汚幼増減欠" \
        or _english.isdigit()
_FUNCTION_PIECES = frozenset(LANGUAGE._table)


# A card's matcher keeps its own memo of pieces read: at most this many cards' matchers, each memo cut
# back past _CARD_MEMO pieces (about 1 MiB), so all of them stay within a few MiB
_CARD_MATCHERS = 8
_CARD_MEMO = 8_000


@lru_cache(maxsize=_CARD_MATCHERS)
def _language_with(kana_words: frozenset[str]) -> CharacterLanguage:
    """The matcher with these kana words of a card read as words (bot/core/languages/japanese_kana_words.py)."""
    if not kana_words:
        return LANGUAGE
    forms = word_forms(kana_words, _FUNCTION_PIECES)  # (godan forms too: "なって" for "なる")
    return CharacterLanguage({**_FUNCTION_WORDS, **forms},
                             kana_words=_KANA_WORDS + card_kana_pattern(forms), after_tokens=_after_tokens)


def _tokens(language: CharacterLanguage, text: str) -> Tokens:
    tokens = language.tokenize(text)
    if language is not LANGUAGE and len(language._cache) > _CARD_MEMO:
        language._cache.clear()
    return tokens


@lru_cache(maxsize=4096)
def _phrase_kana_words(text: str) -> frozenset[str]:
    return frozenset(phrase_kana_words(text, LANGUAGE.tokenize, _FUNCTION_PIECES)) if is_phrase(text) else frozenset()


@lru_cache(maxsize=64)
def _card_kana_words(card_words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word for text in card_words for word in _phrase_kana_words(text))


@lru_cache(maxsize=64)
def _card_compounds(card_words: tuple[str, ...]) -> re.Pattern[str] | None:
    return compound_pattern(frozenset(run for text in card_words if is_phrase(text) for run in phrase_compounds(text)))


def _with_compounds(tokens: Tokens, card_words: tuple[str, ...]) -> Tokens:
    """The tokens with the card's compounds read as one word (bot/core/languages/japanese_compounds.py)."""
    marked = mark(tokens.words, tokens.parts, _card_compounds(card_words))
    return tokens if marked is None else Tokens(tokens.text, tokens.lowered, marked, tokens.parts, tokens.as_written)


def tokenize(text: str) -> Tokens:
    """A card's text: a phrase (keyword, role word, trigger) with its own kana words read as words; a
    sentence (question, hint, model answer) as an answer is read. Phrases tokenised together, one a line
    (bot/core/text_normalize.canonical_phrases), are read with the kana words of all of them, as the
    answers to their card are. Every run of three kanji or more is a compound (japanese_compounds.py)."""
    if not isinstance(text, str):
        return LANGUAGE.tokenize(text)
    lines = tuple(text.split("\n")) if "\n" in text else (text,)
    tokens = _tokens(_language_with(_card_kana_words(lines)), text)
    marked = mark(tokens.words, tokens.parts, RUN)  # (every run of 3 kanji or more: a compound)
    return tokens if marked is None else Tokens(tokens.text, tokens.lowered, marked, tokens.parts, tokens.as_written)


def tokenize_for_card(text: str, card_words: tuple[str, ...]) -> Tokens:
    """An answer's tokens, read in the card's spelling: a kanji word that sounds like one of the card's
    (bot/core/languages/homophones.py: "次回" typed for "磁界"), English terms that gloss the card's words
    (bot/core/languages/glossary.py: "magnetic flux" for "磁束"), romaji as kana, and kana as the card's
    words (bot/core/languages/kana_readings.py: "じかいがへんか" for "磁界が変化"), as
    bot/core/languages/japanese_spelling.py rewrites it. Its pieces stay as the member wrote them."""
    folded = fold(text[:MAX_TEXT_CHARS] if isinstance(text, str) else "")
    lowered = folded.lower()
    current, origin, corrected = card_spelling(lowered, card_words)  # (japanese_spelling.py)
    language = _language_with(_card_kana_words(card_words))
    if origin is None:
        if corrected is None:  # (nothing read differently: the plain tokens)
            return _with_compounds(_tokens(language, text), card_words)
        tokens = _with_compounds(_tokens(language, current), card_words)  # kanji for kanji: corrected parts cut again
        return Tokens(folded, lowered, tokens.words, homophones.restore(tokens.parts, lowered, corrected), False)
    tokens = _with_compounds(_tokens(language, current), card_words)
    return Tokens(folded, lowered, tokens.words, remap(tokens.parts, origin, lowered), False)


RULES = LanguageRules(code="ja", tokenize=tokenize, negated_positions=negated_positions, copy_run=10,
                      word_scale=0.5, card_tokenize=tokenize_for_card, compounds_in_order=True,
                      setting_roles=setting_roles)
