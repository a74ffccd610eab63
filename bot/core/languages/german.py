"""German: Snowball stems; umlauts typed as ae/oe/ue or dropped and ß as ss are the same words
("Speiseroehre" = "Speiseröhre", "fur" = "für"); negation by nicht, kein-, nie, nichts, ohne, ob,
statt, weder … noch, which may also close its clause ("… ändert sich nicht": the words before it are
denied), each with its own reach (german_negation.py); reversal by "umgekehrt" and "entgegengesetzt"
("umgekehrt proportional" is no proportionality). "und" between nouns and "als" not after a
comparative do not cut a clause (german_clauses.py). A compound counts as its last part
("Lichtenergie" for the keyword "Energie": `compound_heads`, read in bot/core/grading_words.py)."""

from __future__ import annotations

import re
from itertools import compress

from bot.core.languages import LanguageRules
from bot.core.languages.alphabetic import (
    CLAUSE_STOPS,
    NEGATION,
    AlphabeticLanguage,
    words_of,
)
from bot.core.languages.german_clauses import read_clauses
from bot.core.languages.german_everyday import ENGLISH_QUANTITIES, keyword_aliases, read_everyday
from bot.core.languages.german_formulas import formula_tokenizer, read_substances
from bot.core.languages.german_negation import DOUBT, FORWARD, KEIN, WITHOUT, mark_no_effect
from bot.core.languages.german_negation import negated_positions as german_negated_positions
from bot.core.languages.german_statements import negation_idioms
from bot.core.languages.german_stems import PARTICLE_PIECES, PARTICLES, stem
from bot.core.languages.thesaurus import GERMAN as THESAURUS
from bot.core.text_normalize import MARKS, STOPWORDS, Tokens

_LITTLE = {
    **dict.fromkeys(words_of("der die das den dem des"), "the"),
    **dict.fromkeys(words_of("ein eine einen einem einer eines"), "a"),
    "und": "and", "oder": "or", **dict.fromkeys(words_of("aber jedoch doch"), "but"),
    # "nicht X, sondern Y" ends the negation's reach, as "but" does, but the verb's bracket may span it
    # ("Fette werden nicht im Magen, sondern im Dünndarm verdaut"): a clause word that parts no phrase
    "sondern": "and",
    **dict.fromkeys(words_of("obwohl obgleich"), "although"), **dict.fromkeys(words_of("weil denn"), "because"),
    "während": "while", "als": "than", "wenn": "if", "falls": "if", **dict.fromkeys(words_of("dass daß"), "that"),
    "also": "so", "deshalb": "so", "daher": "so", "dann": "then", "danach": "then", "sehr": "very",
    **dict.fromkeys(words_of("ist sind war waren wird werden wurde wurden sein ist's gilt"), "is"),
    **dict.fromkeys(words_of("hat haben hatte hatten"), "has"),
    **dict.fromkeys(words_of("es er sie wir ihr ich du man sich ihn ihm ihnen uns mich mir dir"), "it"),
    **dict.fromkeys(words_of("sein seine seinen seinem seiner ihre ihren ihrem ihrer"), "its"),
    **dict.fromkeys(words_of("in im ins"), "in"), **dict.fromkeys(words_of("an am ans"), "at"), "auf": "on",
    "aus": "from", "mit": "with", **dict.fromkeys(words_of("von vom"), "of"), **dict.fromkeys(words_of("zu zum zur nach"), "to"),
    "für": "for", **dict.fromkeys(words_of("bei beim"), "by"), "durch": "via", "über": "over", "unter": "under",
    "um": "about", "bis": "until", "vor": "the", "da": "there", "dort": "there", "hier": "here",
    **dict.fromkeys(words_of("dieser diese dieses diesen diesem"), "this"), **dict.fromkeys(words_of("jeder jede jedes"), "each"),
    "alles": "all", **dict.fromkeys(words_of("andere anderen anderer"), "other"),
    **dict.fromkeys(words_of("so wie"), "as"), "nur": "only", "bloß": "only", "noch": "too", "schon": "too",
    "etwas": "some", "einige": "some", "wo": "where", "was": "what", "wer": "who", "welche": "which",
    **dict.fromkeys(words_of("beide beiden beider beides"), "both"), "warum": "why", "wann": "when", "seit": "since",
    **dict.fromkeys(words_of("kann kannst können konnte konnten"), "can"), **dict.fromkeys(words_of("könnte könnten"), "could"),
    **dict.fromkeys(words_of("muss musst müssen musste mussten"), "must"), **dict.fromkeys(words_of("soll sollen"), "shall"),
    **dict.fromkeys(words_of("sollte sollten"), "should"), **dict.fromkeys(words_of("würde würden"), "would"),
    **dict.fromkeys(words_of("darf dürfen"), "may"),
    # adverbs that only spread a predicate ("die Spannung ist jeweils gleich" says "gleiche Spannung")
    "jeweils": "each", "ebenfalls": "also", "ebenso": "also",
    # pronominal adverbs ("dabei", "daraus": "there" and a preposition) and modal particles ("halt", "ja",
    # "eigentlich") point back or colour a clause; they keep no phrase apart ("Zucker entsteht dabei")
    **dict.fromkeys(words_of("dabei dadurch dafür damit daneben daran darauf daraus darin davon davor dazu "
                             "darüber darunter hierbei hierfür hierzu hiervon wobei wodurch womit wovon"), "there"),
    **dict.fromkeys(words_of("ja eigentlich quasi sozusagen irgendwie nun"), "very"),
    # "heißt" (is called, means) is a copula, not the adjective "heiß"; "sowie" (as well as) is an "und"
    **dict.fromkeys(words_of("heißt hieß hießen"), "is"), "sowie": "and",
    # negations whose reach differs (german_negation.py): "kein" denies its noun phrase; "ohne" and
    # "ob" (whether: a doubt) only what follows them
    **dict.fromkeys(words_of("kein keine keinen keinem keiner keines keins keinerlei"), KEIN),
    "ohne": WITHOUT, "ob": FORWARD, "vielleicht": DOUBT, "angeblich": DOUBT, "vermeintlich": DOUBT,
    # a lack is a "without" ("Der Pflanze fehlt Licht")
    **dict.fromkeys(words_of("fehlt fehlen fehlte fehlten"), WITHOUT),
}
# English little words inside a German answer ("In series fließt derselbe current, and the resistances add
# up") are the little words they are, not content (three that are German nouns or a verb form stay German)
_LITTLE.update({word: word for word in STOPWORDS if word.isalpha() and word not in _LITTLE
                and word not in ("mine", "these", "such")})
# "umgekehrt" / "entgegengesetzt" / "andersherum" reverse what they qualify ("umgekehrt proportional" is no
# proportionality)
# (spoken forms: "nich", "nix"; "kaum", hardly)
_NEGATIONS = words_of("nicht nich nie niemals nichts nix kaum weder keineswegs mitnichten niemand "
                      "keinesfalls nirgends nirgendwo andersherum andersrum "
                      "umgekehrt umgekehrte umgekehrten umgekehrter umgekehrtes umgekehrtem "
                      "entgegengesetzt entgegengesetzte entgegengesetzten entgegengesetzter entgegengesetztes "
                      "entgegengesetztem")
_NUMBERS = {
    "null": 0, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50,
    "hundert": 100, "tausend": 1000, "doppelt": 2, "doppelte": 2, "doppelten": 2, "zweifach": 2, "zweifache": 2,
}


_C_BEFORE_FRONT_VOWEL = re.compile(r"c(?=[eiyä])")
# ae, oe, ue typed for ä, ö, ü: not after a vowel or "q" ("bauen", "neue", "Quelle" keep their e)
_TYPED_UMLAUT = re.compile(r"(?<![aeiouyq])([aou])e")


def _fold(word: str) -> str:
    """ß -> ss; ae, oe, ue -> a, o, u after a consonant (an umlaut typed in two letters, the same on both
    sides; "verdauen" keeps its "e", so it stems like "verdaut"); a "c"
    that is not part of "ch" as German respells it, "z" before e/i/y and "k" elsewhere ("Glucose" is
    "Glukose", "Calcium" "Kalzium", "Zucker" and "Zuker" one word)."""
    if word in ENGLISH_QUANTITIES:
        return ENGLISH_QUANTITIES[word]
    if "ß" in word:
        word = word.replace("ß", "ss")
    if "e" in word and ("ae" in word or "oe" in word or "ue" in word):
        word = _TYPED_UMLAUT.sub(r"\1", word)
    if "c" in word:
        word = word.replace("ck", "k").replace("ch", "\0")
        word = _C_BEFORE_FRONT_VOWEL.sub("z", word).replace("c", "k").replace("\0", "ch")
    return word


_CLAUSE_END = MARKS | CLAUSE_STOPS | frozenset(("or", "if", "that", "while", "then"))


def _after_tokens(words: list[str], pieces: list[str]) -> None:
    _separable_particles(words, pieces)
    if "so" in words:
        _adverbs_inside_a_clause(words, pieces)
    _weder_noch(words, pieces)
    if NEGATION in words:
        mark_no_effect(words, pieces)
        negation_idioms(words, pieces)


def _separable_particles(words: list[str], pieces: list[str]) -> None:
    """A verb's separated prefix (a preposition ending its clause) stays a content word: "aus" in "...,
    geht keine andere aus" is what a negation before it denies, and a keyword "alle aus" is more than
    "alle"."""
    last = len(pieces) - 1
    for index, piece in enumerate(pieces):
        if piece in PARTICLES and index > 0 and words[index - 1] not in MARKS \
                and (index == last or words[index + 1] in _CLAUSE_END):
            particle = _fold(piece)
            words[index] = particle + "_" if particle in STOPWORDS else particle


_SO_ADVERBS = frozenset(("also", "deshalb", "daher"))
_CLAUSE_OPENERS = frozenset(("and", "but", "or", "so", "because", "that", "if", "then", "while"))


def _adverbs_inside_a_clause(words: list[str], pieces: list[str]) -> None:
    """"also", "deshalb", "daher" open a clause ("..., deshalb leuchtet sie") as "so" does, but inside
    one, after its verb, they are adverbs that cut nothing ("Die Galle spaltet deshalb nichts", "Die
    Spannung ist daher gleich")."""
    for index in compress(range(len(words)), map(_SO_ADVERBS.__contains__, pieces)):
        if index and words[index - 1] not in MARKS \
                and words[index - 1] not in _CLAUSE_OPENERS and words[index - 1] not in CLAUSE_STOPS:
            words[index] = "very"


def _weder_noch(words: list[str], pieces: list[str]) -> None:
    """"weder A noch B": the "noch" after a "weder" denies as well (alone, "noch" is "still")."""
    if "weder" in pieces:
        seen = False
        for index, piece in enumerate(pieces):
            if piece == "weder":
                seen = True
            elif piece == "noch" and seen:
                words[index] = NEGATION
            elif words[index] in (".", "!", "?", ";", "\n"):
                seen = False


# A concept framed in a setting: its name opens with "In der Reihenschaltung ...", "Im Magen ...", "Beim
# Kochen ..." (a preposition of place or occasion, perhaps an article, then a noun: capitalised; "Bei
# gleichem Widerstand" is a condition, not a setting)
_SETTING = re.compile(r"\s*(?:in|im|bei|beim|auf|am)\s+(?:(?:der|dem|den|des|einer|einem|eines)\s+)?"
                      r"([A-ZÄÖÜ][^\W\d_]{2,})\b", re.IGNORECASE)
_SHARED_HEAD = 4  # letters two settings must end alike in for their first parts to name them ("-schaltung")
_MAX_SETTINGS = 6


def setting_roles(names: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Per concept framed in a setting, the other concepts' settings, and of two compounds with the
    same last part the other's first part ("Parallel" for "Parallelschaltung", as answers say "parallel
    geschaltet"): a keyword of this concept in a clause naming one of them speaks of the other setting.
    Only when two or more concepts are framed in different settings; a concept not framed in one, or
    naming the other setting itself, gets nothing."""
    found = [_SETTING.match(name) for name in names]
    framed = [match.group(1) if match is not None and match.group(1)[0].isupper() else None for match in found]
    settings = list(dict.fromkeys(setting for setting in framed if setting is not None))[:_MAX_SETTINGS]
    if len(settings) < 2:
        return tuple(() for _ in names)
    roles: list[tuple[str, ...]] = []
    for name, own in zip(names, framed, strict=True):
        if own is None or own not in settings:
            roles.append(())
            continue
        words: list[str] = []
        for other in settings:
            if other == own:
                continue
            words.append(other)
            head = _common_ending(own.lower(), other.lower())
            if len(head) >= _SHARED_HEAD and len(other) - len(head) >= _SHARED_HEAD:
                words.append(other[: len(other) - len(head)])
        lowered = name.lower()
        roles.append(tuple(word for word in words if word.lower() not in lowered))
    return tuple(roles)


def _common_ending(first: str, second: str) -> str:
    size = 0
    while size < min(len(first), len(second)) and first[-1 - size] == second[-1 - size]:
        size += 1
    return first[len(first) - size :]


LANGUAGE = AlphabeticLanguage("de", "german", _LITTLE, _NEGATIONS, _NUMBERS, fold=_fold, after_tokens=_after_tokens,
                              stem=stem, rises=("steigt", "sinkt"))
_TOKENIZE_WORDS = formula_tokenizer(LANGUAGE, _after_tokens)


def _rebuild(tokens: Tokens, words: list[str]) -> Tokens:
    return Tokens(tokens.text, tokens.lowered, tuple(words), tokens.parts, tokens.as_written)


# "Nichtmetall", "Nichtleiter": a compound opened by "Nicht-" names what is not its last part; read as
# "Nicht-Metall" (a negation and its noun), not as a kind of "Metall". ("nichts...", "Nichte" stay.)
_NICHT_COMPOUND = re.compile(r"(?<![^\W\d_])(nicht)(?!s)([^\W\d_])(?=[^\W\d_]{3})", re.IGNORECASE)


def _part_nicht_compound(found: re.Match[str]) -> str:
    head, first = found.group(1), found.group(2)
    return f"{head}-{first.upper() if head[0].isupper() else first}"


def tokenize(text: str) -> Tokens:
    """German text as canonical tokens: words, formulas (a substance's as its name), then "und", "als",
    "statt" read in context (german_clauses.py)."""
    if not isinstance(text, str):
        text = ""
    if "icht" in text:
        text = _NICHT_COMPOUND.sub(_part_nicht_compound, text)
    text = read_everyday(read_substances(text))
    return read_clauses(_TOKENIZE_WORDS(text), PARTICLE_PIECES, _rebuild)


RULES = LanguageRules(code="de", tokenize=tokenize, negated_positions=german_negated_positions,
                      compound_heads=True, keyword_aliases=keyword_aliases(THESAURUS, LANGUAGE.canonical),
                      setting_roles=setting_roles)
