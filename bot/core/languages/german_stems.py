"""German word forms read as one word: a comparative keeps its -er ("kleiner" is not "klein"), a verb's
-t form and its participle are the verb ("erwärmt", "gespalten", "abgebaut"), a separable verb's
infinitive with "zu" inside is the verb ("abzugeben" as "abgeben"), on top of Snowball's stems."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.languages.alphabetic import words_of
from bot.core.text_normalize import casefold_ascii

# Prefixes of separable verbs: at the end of a clause the word is the verb's own part, not a
# preposition ("die Lampe geht aus" is "ausgehen"; "das Licht geht an"), so it is a content word there.
PARTICLES = frozenset(words_of("ab an auf aus bei ein fest her hin los mit nach vor weg zu zurück zusammen "
                                "heraus herein hinaus hinein raus rein durch um über unter weiter wieder"))
PARTICLE_PIECES = frozenset(map(casefold_ascii, PARTICLES))  # as the tokens spell them ("zuruck")
ZU_PARTICLES = PARTICLE_PIECES | frozenset(words_of("frei fort hoch"))  # ("freizusetzen")


_COMPARATIVE_ENDINGS = ("eren", "erem", "erer", "eres", "ere")
_ER_ENDINGS = (*_COMPARATIVE_ENDINGS, "er")
_IER_FORM = re.compile(r"ier(?:en|e|st|t|te|ten|tes|ter|tem)?$")


def stem(word: str, snowball: Callable[[str], str]) -> str:
    """Snowball's stem, except that a word ending in -er (after an inflection) keeps it: a comparative
    is not its base ("kleiner", "kleinere", "kleineren" -> "kleiner"; "klein" stays "klein"), which the
    Snowball stemmer would merge ("größer" is not "groß"). A verb's -t form is its infinitive's stem
    (Snowball leaves the -t): "erwärmt", "erwärmte" as "erwärmen", "verringert" as "verringern",
    "bildet" as "bilden"; a verb in -ieren keeps "-ier" ("addiert" is "addier", long enough for a typo
    to be read: "adiert")."""
    if word == "auch":  # "auch tagsüber" is more than "tagsüber", so "auch" is a word; as the light word
        return "even"   # "even" it keeps no phrase apart ("ist auch gleich") and ends no compound ("Rauch")
    if "zu" in word[2:7]:
        bare = _without_zu(word)
        if bare is not None:  # "abzugeben" as "abgeben", "aufzunehmen" as "aufnehmen"
            return _verb_stem(bare, snowball)
    if "ge" in word[:9]:
        bare = _without_ge(word)
        if bare is not None:  # a participle: "gespalten" as "spalten", "abgebaut" as "abbaut"
            return _verb_stem(bare, snowball)
    ier = _IER_FORM.search(word) if "ier" in word else None
    if ier is not None and ier.start() >= 3:  # a verb in -ieren: "addiert", "addierte" as "addieren"
        return word[: ier.start() + 3]
    if len(word) > 5 and word.endswith(_ER_ENDINGS):
        for ending in _COMPARATIVE_ENDINGS:
            if word.endswith(ending):
                return word[: len(word) - len(ending) + 2]
        return word  # (ends in -er)
    return _verb_stem(word, snowball)


def _verb_stem(word: str, snowball: Callable[[str], str]) -> str:
    """Snowball's stem, a verb's -t form read as its infinitive."""
    ier = _IER_FORM.search(word) if "ier" in word else None
    if ier is not None and ier.start() >= 3:
        return word[: ier.start() + 3]
    stem = snowball(word)
    if stem[-1:] == "t" and len(stem) >= _T_FORM_MIN and stem[-2] != "s" and not _ends_in_t_noun(stem):
        if stem.endswith(("ert", "elt", "det", "tet")):
            return snowball(stem[:-1] + "n")
        return snowball(stem[:-1] + "en")
    return stem


_T_FORM_MIN = 6  # letters of a stem in -t read as a verb form (shorter: "Welt", "Luft", "Gift" stay)
# short nouns in -t that end compounds: "Sonnenlicht", "Laubblatt", "Siedepunkt" are nouns, not verb forms, and
# keep their last part, as the short word alone does ("Sonnenlicht" is a "Licht", not "Sonne" and "-lichen")
_T_NOUNS = ("licht", "blatt", "luft", "kraft", "nacht", "zeit", "welt", "haut", "sicht", "wert", "punkt", "saft",
            "fett", "blut", "gift", "stadt", "wort", "frost", "bett")
_T_NOUN_PREFIX_MIN = 3  # letters before the noun in a compound ("Halbwertszeit"; "bezeit" is too short to tell)


def _ends_in_t_noun(stem: str) -> bool:
    """A compound whose last part is a short noun in -t ("Druckluft"), not a verb's -t form."""
    return stem.endswith(_T_NOUNS) and any(
        stem.endswith(noun) and len(stem) - len(noun) >= _T_NOUN_PREFIX_MIN for noun in _T_NOUNS)


_PARTICIPLE_MIN = 5  # letters left once "ge" is taken away ("gekaut" stays)
# words that open with "ge" but are no participle, and would meet another word without it ("gering", "Ring")
_NOT_PARTICIPLES = ("gering", "gerade", "genau", "gegen", "gesamt", "gemein", "gesund", "genug", "gesetz", "gefahr",
                    "gelenk", "gewicht", "gebiet", "gewiss", "gern", "gestern", "geist", "gelb", "geld", "gehalt",
                    "gestalt", "gewalt", "gericht", "gesicht", "gedicht", "geschaft", "geburt", "gerat", "gerust")
# a weak participle ("gebildet", "gebildete") or one in -ten ("gespalten"); not a noun's plural in -en
# ("Gefäßen" stays with "Gefäße") nor one in -heit/-keit ("Geschwindigkeit")
_PARTICIPLE_ENDINGS = ("t", "te", "ten", "tes", "ter", "tem", "tene", "tener", "tenes", "tenem")
_NOUN_ENDINGS = ("heit", "keit", "heiten", "keiten")


_INFINITIVE_ENDINGS = ("en", "ern", "eln")
_ZU_INFINITIVE_MIN = 4  # letters after "zu" ("abzugeben": "geben"; the noun "Abzug" has one)


def _without_zu(word: str) -> str | None:
    """A separable verb's infinitive with its "zu" inside ("abzugeben", "freizusetzen") without it, or
    None (nouns in -zug stay: "Aufzug", "Vorzugs")."""
    if not word.endswith(_INFINITIVE_ENDINGS):
        return None
    for size in (2, 3, 4, 5):
        if word[size : size + 2] == "zu" and word[:size] in ZU_PARTICLES and len(word) - size - 2 >= _ZU_INFINITIVE_MIN:
            return word[:size] + word[size + 2 :]
    return None


def _without_ge(word: str) -> str | None:
    """A participle without its "ge" ("gespalten" -> "spalten"; after a verb's prefix, "aufgenommen" ->
    "aufnommen"), or None for a word that is not one."""
    if not word.endswith(_PARTICIPLE_ENDINGS) or word.endswith(_NOUN_ENDINGS):
        return None
    if word.startswith("ge"):
        if len(word) - 2 >= _PARTICIPLE_MIN and not word.startswith(_NOT_PARTICIPLES):
            return word[2:]
        return None
    for size in (2, 3, 4):
        if word[size : size + 2] == "ge" and word[:size] in PARTICLES and len(word) - size - 2 >= _PARTICIPLE_MIN - 1:
            return word[:size] + word[size + 2 :]
    return None


