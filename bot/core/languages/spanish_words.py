"""The Spanish word tables: little words read as their English role ("el" is "the", "porque"
"because"), negation words, and number words with ordinals ("tercer" is 3), for spanish.py."""

from __future__ import annotations

from bot.core.languages.alphabetic import words_of
from bot.core.languages.spanish_numbers import WORDS as NUMBER_WORDS

LITTLE = {
    **dict.fromkeys(words_of("el la los las lo le les se me te nos os"), "the"),
    **dict.fromkeys(words_of("un una unos unas"), "a"),
    **dict.fromkeys(words_of("de del"), "of"),
    **dict.fromkeys(words_of("a al hacia"), "to"),
    **dict.fromkeys(words_of("en dentro"), "in"),
    "con": "with", "junto": "with", "por": "by", "para": "for", "desde": "from", "hasta": "until", "sobre": "about", "entre": "via",
    **dict.fromkeys(words_of("y e"), "and"),
    **dict.fromkeys(words_of("o u"), "or"),
    **dict.fromkeys(words_of("pero sino embargo"), "but"),
    "aunque": "although", **dict.fromkeys(words_of("porque pues"), "because"), "mientras": "while",
    **dict.fromkeys(words_of("que cual cuales quien quienes cuyo"), "that"),
    "como": "as", "si": "if", "cuando": "while", "donde": "where", "muy": "very",
    **dict.fromkeys(words_of("entonces luego después"), "then"), **dict.fromkeys(words_of("así eso esto"), "so"),
    **dict.fromkeys(words_of("este esta estos estas ese esa esos esas aquel aquella ello"), "this"),
    **dict.fromkeys(words_of("su sus mi mis tu tus nuestro nuestra"), "its"),
    **dict.fromkeys(words_of("es son era eran fue fueron ser estar está están estaba estaban sea siendo sido"), "is"),
    **dict.fromkeys(words_of("estoy estamos estás"), "is"),
    **dict.fromkeys(words_of("ha han he has hemos había habían haber hay hubo habrá habría hubiera"), "has"),
    **dict.fromkeys(words_of("hace hacen hizo"), "do"),
    **dict.fromkeys(words_of("cada"), "each"),
    **dict.fromkeys(words_of("otro otra otros otras"), "other"), **dict.fromkeys(words_of("mismo misma mismos mismas"), "same"),
    **dict.fromkeys(words_of("algo alguno alguna algunos algunas"), "some"),
    **dict.fromkeys(words_of("solo sólo solamente únicamente"), "only"),
    **dict.fromkeys(words_of("ya aún todavía"), "just"),
    # chat spellings of little words ("xq" porque, "q" que, "tb" también, "pa" para)
    **dict.fromkeys(words_of("xq pq porq xk"), "because"), **dict.fromkeys(words_of("q k ke"), "that"),
    **dict.fromkeys(words_of("pa xa"), "for"), "x": "by", "d": "of",
}
# "inversamente" reverses what it qualifies ("inversamente proporcional"); "al revés", "a la inversa"
# reverse the clause they end ("gira al revés"), read in spanish.py. The adjectives "inverso", "contrario",
# "opuesto" are words of their own: "son procesos inversos" states a relation, it denies nothing (and a
# keyword "inversos" is not a bare "not" that any "no" would match).
NEGATIONS = words_of("no nunca jamás ni sin tampoco dudo dudamos dudan ningún ninguno ninguna ningunos ningunas nada nadie inversamente")
NUMBERS = {
    "cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "veinte": 20,
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90,
    "cien": 100, "ciento": 100, "mil": 1000, "doble": 2, "triple": 3,
    # ordinals are their number ("el tercer estado" = "el 3er estado"), English ones too
    **dict.fromkeys(words_of("primer primero primera primeros primeras first"), 1),
    **dict.fromkeys(words_of("segundo segunda segundos segundas second"), 2),
    **dict.fromkeys(words_of("tercer tercero tercera terceros terceras third"), 3),
    **dict.fromkeys(words_of("quinto quinta"), 5), **dict.fromkeys(words_of("sexto sexta"), 6),
    **dict.fromkeys(words_of("séptimo séptima"), 7), **dict.fromkeys(words_of("octavo octava"), 8),
    **dict.fromkeys(words_of("noveno novena"), 9), **dict.fromkeys(words_of("décimo décima"), 10),
    **NUMBER_WORDS,  # "dieciséis", "veintitrés", "doscientos" (spanish_numbers.py)
}
# The ending of an ordinal written in digits ("3er", "1ero", "2do", "3ra"): no word of its own.
ORDINAL_ENDINGS = frozenset(words_of("er ero era ra ro do da to ta mo ma vo va no na"))
