"""How a Spanish answer's words are spelled before they are compared, for bot/core/languages/spanish.py: letters
that sound alike folded in the stem ("nuves" = "nubes"), and an English term of Latin origin spelled the
Spanish way ("society" = "sociedad", "oxygen" = "oxígeno")."""

from __future__ import annotations

import re
from collections.abc import Callable


# Letters that sound alike and are mixed up in writing (b/v, ll/y, s/z and soft c, qu/k, a silent h):
# "llubia" is "lluvia", "qeda" is "queda", "nuves" is "nubes". Folded in the stem, after Snowball has
# read the word's ending as written, and the same on both sides (a keyword is folded the same way).
def stem(word: str, snowball: Callable[[str], str]) -> str:
    """The Snowball stem, sounds folded; a soft "c" the stem ends in is an "s" ("dulce" and "dulse",
    "raíz" and "raíces" share a stem; "roca" keeps its hard "c")."""
    base = snowball(word)
    if base[-1:] == "c" and word[len(base) : len(base) + 1] in ("e", "i"):
        base = base[:-1] + "s"
    heard = base
    if "v" in heard:
        heard = heard.replace("v", "b")
    if "z" in heard:
        heard = heard.replace("z", "s")
    if "h" in heard:
        heard = heard.replace("ch", "\0").replace("h", "").replace("\0", "ch") or base  # ("h" alone stays)
    if "ll" in heard:
        heard = heard.replace("ll", "y")
    if "q" in heard:
        heard = heard.replace("qu", "k").replace("q", "k")
    if "c" in heard:
        heard = heard.replace("ce", "se").replace("ci", "si")
    return heard


# An English term of Latin origin in a Spanish answer ("the society", "la democracy") spelled the
# Spanish way before it is stemmed: endings and letters that Spanish words never have ("-ity", "-ous",
# "-ism", a consonant and a final "y", "ph", "th", "chl", doubled "ss"/"pp"/"tt", a final "ll" or "ts",
# "-gen" for "-geno") become the Spanish ones.
_ENGLISH_ENDINGS = {
    "ities": "idades", "ity": "idad", "eties": "edades", "ety": "edad", "ous": "oso", "ical": "ico",
    "ics": "ica", "ic": "ico", "isms": "ismos", "ism": "ismo", "ists": "istas", "ist": "ista",
    "aries": "arios", "ary": "ario", "ories": "orios", "ory": "orio", "ments": "mentos", "ment": "mento",
}  # (not "-ance", "-ence", "-ive": Spanish words end so too, "avance", "vence", "vive")
_ENDING_TUPLE = (*_ENGLISH_ENDINGS, "ies")
_ENDING_LAST = frozenset(ending[-1] for ending in (*_ENDING_TUPLE, "y"))
_VOWELS = frozenset("aeiouy")
_DOUBLED = re.compile(r"([bdfgmpst])\1")  # letters Spanish never doubles


def english_spelling(word: str) -> str:
    if word == "nacl":  # the one formula with no digit a student writes for a word: "sal" (more: _FORMULAS)
        return "sal"
    if "h" in word or "tion" in word:
        if word.endswith("tions"):
            word = word[:-5] + "ciones"
        word = word.replace("ph", "f").replace("th", "t").replace("tion", "cion")
        if "ch" in word:  # Greek "ch" before a consonant or in "chondr": "chlorophyll", "mitochondria"
            word = word.replace("chl", "cl").replace("chr", "cr").replace("chondr", "condr")
    if len(word) > 4:
        if _DOUBLED.search(word):  # "process", "effect", "mass": Spanish writes one letter
            word = _DOUBLED.sub(r"\1", word)
        if word[-1] in "lns":
            if word.endswith("ll"):  # "chlorophyll"
                word = word[:-1]
            elif word.endswith("gen") and len(word) > 5:  # "oxygen", "hydrogen" ("origen" reads as "orígenes")
                word += "o"
            elif word.endswith("ts"):  # "plants", "products": Spanish "-tos"/"-tas" stem alike
                word = word[:-1] + "os"
    if "y" in word and "y" in word[1:-1]:  # between consonants, as in "system" ("sistema")
        word = word[0] + "".join(
            "i" if letter == "y" and word[at] not in _VOWELS and word[at + 2] not in _VOWELS else letter
            for at, letter in enumerate(word[1:-1])) + word[-1]
    if len(word) > 4 and word[-1] in _ENDING_LAST:
        if word.endswith(_ENDING_TUPLE):
            for size in (5, 4, 3, 2):
                spanish = _ENGLISH_ENDINGS.get(word[-size:])
                if spanish is not None:
                    return word[:-size] + spanish
            if word[-4] not in _VOWELS:  # "-ies" after a consonant
                return word[:-3] + "ias"
        elif word[-1] == "y" and word[-2] not in _VOWELS:
            return word[:-1] + "ia"
    return word
