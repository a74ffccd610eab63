"""Portuguese: Snowball stems, accents optional ("nao" = "não"); negation by não, nunca, jamais, sem,
nem, nenhum, nada, ninguém ("no" is "in the" here, not a negation)."""

from __future__ import annotations

from bot.core.languages import LanguageRules
from bot.core.languages.alphabetic import AlphabeticLanguage, english_cognates, negated_positions, words_of

_LITTLE = {
    **dict.fromkeys(words_of("o a os as lhe lhes se me te"), "the"),
    **dict.fromkeys(words_of("um uma uns umas"), "a"), **dict.fromkeys(words_of("de do da dos das"), "of"),
    **dict.fromkeys(words_of("em no na nos nas num numa"), "in"), **dict.fromkeys(words_of("ao aos à às"), "to"),
    **dict.fromkeys(words_of("por pelo pela pelos pelas"), "by"), "para": "for", "pra": "for", "com": "with",
    "desde": "from", "até": "until", "sobre": "about", "entre": "via",
    "e": "and", "ou": "or", **dict.fromkeys(words_of("mas porém contudo todavia"), "but"), "embora": "although",
    **dict.fromkeys(words_of("porque pois"), "because"), "enquanto": "while",
    **dict.fromkeys(words_of("que qual quais quem cujo"), "that"), "como": "as", "se": "if", "quando": "when",
    "onde": "where", "também": "also", "muito": "very", "então": "then", "depois": "then", "assim": "so",
    **dict.fromkeys(words_of("é são era eram foi foram ser estar está estão estava sendo sido seja"), "is"),
    **dict.fromkeys(words_of("tem têm tinha há haver ter"), "has"),
    **dict.fromkeys(words_of("ele ela eles elas eu nós você vocês"), "it"),
    **dict.fromkeys(words_of("seu sua seus suas meu minha nosso nossa"), "its"),
    **dict.fromkeys(words_of("este esta estes estas esse essa esses essas isso isto aquele aquela"), "this"),
    **dict.fromkeys(words_of("todo toda todos todas"), "all"), **dict.fromkeys(words_of("outro outra outros outras"), "other"),
    **dict.fromkeys(words_of("mesmo mesma"), "same"), "cada": "each",
    **dict.fromkeys(words_of("só somente apenas"), "only"), "já": "just", "ainda": "just",
}
_NEGATIONS = words_of("não nunca jamais sem nem nenhum nenhuma nada ninguém tampouco")
_NUMBERS = {
    "zero": 0, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7, "oito": 8,
    "nove": 9, "dez": 10, "onze": 11, "doze": 12, "vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50,
    "cem": 100, "cento": 100, "mil": 1000, "dobro": 2, "triplo": 3,
}

LANGUAGE = AlphabeticLanguage(
    "pt", "portuguese", _LITTLE, _NEGATIONS, _NUMBERS,
    fold=english_cognates("cao", "coes"), rises=("aumenta", "diminui"))
RULES = LanguageRules(code="pt", tokenize=LANGUAGE.tokenize, negated_positions=negated_positions)
