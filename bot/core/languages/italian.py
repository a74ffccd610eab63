"""Italian: Snowball stems, accents optional; negation by non, mai, senza, né, nessuno, niente, nulla."""

from __future__ import annotations

from bot.core.languages import LanguageRules
from bot.core.languages.alphabetic import AlphabeticLanguage, english_cognates, negated_positions, words_of

_LITTLE = {
    **dict.fromkeys(words_of("il lo la i gli le l si ci ne"), "the"),
    **dict.fromkeys(words_of("un uno una un'"), "a"),
    **dict.fromkeys(words_of("di del dello della dei degli delle d"), "of"),
    **dict.fromkeys(words_of("a al allo alla ai agli alle"), "to"),
    **dict.fromkeys(words_of("da dal dallo dalla dai dagli dalle"), "from"),
    **dict.fromkeys(words_of("in nel nello nella nei negli nelle"), "in"),
    **dict.fromkeys(words_of("con col"), "with"), **dict.fromkeys(words_of("su sul sullo sulla sui"), "on"),
    "per": "for", "tra": "via", "fra": "via",
    **dict.fromkeys(words_of("e ed"), "and"), **dict.fromkeys(words_of("o oppure"), "or"),
    **dict.fromkeys(words_of("ma però tuttavia"), "but"), **dict.fromkeys(words_of("sebbene benché"), "although"),
    **dict.fromkeys(words_of("perché poiché"), "because"), "mentre": "while",
    **dict.fromkeys(words_of("che cui quale quali chi"), "that"), "come": "as", "se": "if", "quando": "when",
    "dove": "where", "anche": "also", "molto": "very", **dict.fromkeys(words_of("quindi dunque"), "so"),
    **dict.fromkeys(words_of("poi allora"), "then"),
    **dict.fromkeys(words_of("è sono era erano essere stato stata sia"), "is"),
    **dict.fromkeys(words_of("ha hanno aveva avere"), "has"),
    **dict.fromkeys(words_of("esso essa lui lei loro io noi voi"), "it"),
    **dict.fromkeys(words_of("suo sua suoi sue mio mia nostro nostra"), "its"),
    **dict.fromkeys(words_of("questo questa questi queste quello quella quelli"), "this"),
    **dict.fromkeys(words_of("tutto tutta tutti tutte"), "all"), **dict.fromkeys(words_of("altro altra altri altre"), "other"),
    **dict.fromkeys(words_of("stesso stessa"), "same"), "ogni": "each",
    **dict.fromkeys(words_of("solo soltanto solamente"), "only"), "già": "just", "ancora": "just",
}
_NEGATIONS = words_of("non mai senza né nessun nessuno nessuna niente nulla neanche nemmeno neppure")
_NUMBERS = {
    "zero": 0, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9,
    "dieci": 10, "undici": 11, "dodici": 12, "venti": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50,
    "cento": 100, "mille": 1000, "doppio": 2, "triplo": 3,
}

LANGUAGE = AlphabeticLanguage(
    "it", "italian", _LITTLE, _NEGATIONS, _NUMBERS,
    fold=english_cognates("zione", "zioni"), rises=("aumenta", "diminuisce"))
RULES = LanguageRules(code="it", tokenize=LANGUAGE.tokenize, negated_positions=negated_positions)
