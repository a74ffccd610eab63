"""Spanish: Snowball stems, accents optional ("evaporacion" = "evaporación"), negation by no, nunca,
jamás, ni, sin, tampoco, ningún, nada, nadie, and reversal by "inversamente" and "al revés"
(bot/core/languages/alphabetic.py reads them). "cuando" opens a clause of its own: a negation before it
does not reach past it ("no llueve cuando hay sol"), nor does a misconception's phrase. An English
"-tion" word in the answer reads as the Spanish "-ción" ("evaporation" = "evaporación")."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.languages import LanguageRules
from bot.core.languages.alphabetic import AlphabeticLanguage, english_cognates, negated_positions, words_of

_LITTLE = {
    **dict.fromkeys(words_of("el la los las lo le les se me te nos os"), "the"),
    **dict.fromkeys(words_of("un una unos unas"), "a"),
    **dict.fromkeys(words_of("de del"), "of"),
    **dict.fromkeys(words_of("a al hacia"), "to"),
    **dict.fromkeys(words_of("en dentro"), "in"),
    "con": "with", "por": "by", "para": "for", "desde": "from", "hasta": "until", "sobre": "about", "entre": "via",
    **dict.fromkeys(words_of("y e"), "and"),
    **dict.fromkeys(words_of("o u"), "or"),
    **dict.fromkeys(words_of("pero sino embargo"), "but"),
    "aunque": "although", **dict.fromkeys(words_of("porque pues ya_que"), "because"), "mientras": "while",
    **dict.fromkeys(words_of("que cual cuales quien quienes cuyo"), "that"),
    "como": "as", "si": "if", "cuando": "while", "donde": "where", "también": "also", "muy": "very",
    **dict.fromkeys(words_of("entonces luego después"), "then"), **dict.fromkeys(words_of("así eso esto"), "so"),
    **dict.fromkeys(words_of("este esta estos estas ese esa esos esas aquel aquella ello"), "this"),
    **dict.fromkeys(words_of("su sus mi mis tu tus nuestro nuestra"), "its"),
    **dict.fromkeys(words_of("es son era eran fue fueron ser estar está están estaba estaban sea siendo sido"), "is"),
    **dict.fromkeys(words_of("ha han he has hemos había habían haber hay"), "has"),
    **dict.fromkeys(words_of("hace hacen hizo"), "do"),
    **dict.fromkeys(words_of("cada"), "each"), **dict.fromkeys(words_of("todo toda todos todas"), "all"),
    **dict.fromkeys(words_of("otro otra otros otras"), "other"), **dict.fromkeys(words_of("mismo misma mismos mismas"), "same"),
    **dict.fromkeys(words_of("algo alguno alguna algunos algunas"), "some"),
    **dict.fromkeys(words_of("solo sólo solamente únicamente"), "only"),
    **dict.fromkeys(words_of("ya aún todavía"), "just"),
}
# "inversamente" and "al revés" reverse what they qualify ("inversamente proporcional", "gira al revés")
_NEGATIONS = words_of("no nunca jamás ni sin tampoco ningún ninguno ninguna ningunos ningunas nada nadie inversamente "
                      "inverso inversa inversos inversas "
                      "revés")
_NUMBERS = {
    "cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "veinte": 20,
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90,
    "cien": 100, "ciento": 100, "mil": 1000, "doble": 2, "triple": 3,
}

# Letters that sound alike and are mixed up in writing (b/v, ll/y, s/z and soft c, qu/k, a silent h):
# "llubia" is "lluvia", "qeda" is "queda", "nuves" is "nubes". Folded in the stem, after Snowball has
# read the word's ending as written, and the same on both sides (a keyword is folded the same way).
_SOUNDS = (("ch", "\0"), ("h", ""), ("\0", "ch"), ("v", "b"), ("ll", "y"), ("qu", "k"), ("q", "k"),
           ("ce", "se"), ("ci", "si"), ("z", "s"))


def _sounds(stem: str) -> str:
    heard = stem
    for written, sound in _SOUNDS:
        if written in heard:
            heard = heard.replace(written, sound)
    return heard or stem  # ("h" alone stays)


def _stem(word: str, snowball: Callable[[str], str]) -> str:
    return _sounds(snowball(word))


LANGUAGE = AlphabeticLanguage(
    "es", "spanish", _LITTLE, _NEGATIONS, _NUMBERS,
    fold=english_cognates("cion", "ciones"), stem=_stem, rises=("aumenta", "disminuye"))
# Spanish puts an article before a noun taken in general ("la lluvia es agua dulce" is "rain is fresh
# water"): a run of six words, not five, is what copies the question's wording.
RULES = LanguageRules(code="es", tokenize=LANGUAGE.tokenize, negated_positions=negated_positions, copy_run=6)
