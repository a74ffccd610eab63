"""French: Snowball stems, accents optional; elisions cut (l'eau, n'est); negation by ne … pas (and a
spoken pas alone), jamais, sans, aucun, rien, ni."""

from __future__ import annotations

from bot.core.languages import LanguageRules
from bot.core.languages.alphabetic import AlphabeticLanguage, negated_positions, words_of

_LITTLE = {
    **dict.fromkeys(words_of("le la les l lui leur se ce"), "the"),
    **dict.fromkeys(words_of("un une des"), "a"), **dict.fromkeys(words_of("de du d"), "of"),
    **dict.fromkeys(words_of("à au aux"), "to"), **dict.fromkeys(words_of("en dans"), "in"),
    "et": "and", "ou": "or", "mais": "but", "cependant": "but", "pourtant": "but", "quoique": "although",
    **dict.fromkeys(words_of("parce car puisque"), "because"), "pendant": "while", "tandis": "whereas",
    **dict.fromkeys(words_of("que qu qui dont lequel laquelle"), "that"), "comme": "as", "si": "if",
    **dict.fromkeys(words_of("quand lorsque"), "when"), "où": "where", "donc": "so", "ainsi": "so",
    "alors": "then", "puis": "then", "aussi": "also", "très": "very",
    **dict.fromkeys(words_of("est sont était étaient être été soit c"), "is"),
    **dict.fromkeys(words_of("a ont avait avaient avoir eu y"), "has"),
    **dict.fromkeys(words_of("il elle ils elles on nous vous je j tu me m te t s"), "it"),
    **dict.fromkeys(words_of("son sa ses leurs notre nos votre vos mon ma mes"), "its"),
    **dict.fromkeys(words_of("cet cette ces ça cela ceci"), "this"),
    "pour": "for", "par": "by", "avec": "with", "sur": "on", "sous": "under", "entre": "via", "vers": "to",
    **dict.fromkeys(words_of("tout toute tous toutes"), "all"), **dict.fromkeys(words_of("autre autres"), "other"),
    **dict.fromkeys(words_of("même mêmes"), "same"), "chaque": "each",
    **dict.fromkeys(words_of("seulement uniquement"), "only"), "déjà": "just", "encore": "just",
}
_NEGATIONS = words_of("ne n pas jamais sans aucun aucune rien ni nul nulle guère")
_NUMBERS = {
    "zéro": 0, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "cent": 100, "mille": 1000, "double": 2, "triple": 3,
}

LANGUAGE = AlphabeticLanguage("fr", "french", _LITTLE, _NEGATIONS, _NUMBERS, rises=("augmente", "diminue"))
RULES = LanguageRules(code="fr", tokenize=LANGUAGE.tokenize, negated_positions=negated_positions)
