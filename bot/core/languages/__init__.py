"""The grader's rules per language: how an answer becomes canonical words, and which words a negation denies.

A deck says its language (`language:`, BCP 47, bot/core/deck.py); the grader asks `rules_for(tag)` for
the rules of its primary subtag (`es-419` -> `es`, `de-AT` -> `de`). Every language turns its text into
the same token space the English rules read (bot/core/text_normalize.py): punctuation marks, "not" for a
negation, "or"/"but"/"and"/"because" for the words that join and cut clauses, an English little word for
each of its own little words, and a stem for every other word. So the matching, phrase, copy, list, role
and misconception rules run unchanged; only tokenising and the reach of a negation are the language's.

English keeps exactly the rules it always had (its module only names them). A tag without rules of its
own is graded with the English ones. Modules load on first use (a language nobody grades costs nothing).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.core.text_normalize import Tokens

ENGLISH = "en"
# Primary subtag -> module of this package. Adding a language: a module defining RULES (see README.md).
_MODULES = {
    "en": "english", "es": "spanish", "de": "german", "fr": "french", "pt": "portuguese", "it": "italian",
    "ja": "japanese", "zh": "chinese",
}
SUPPORTED = tuple(_MODULES)


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """What the grader needs to know about one language."""

    code: str
    tokenize: Callable[[str], Tokens]  # text -> canonical tokens (the English token space, see above)
    # canonical words -> denied positions. Asked only when the tokens hold a "not" (a fast path for the
    # many answers that deny nothing): a rule that denies without a negation word ("..., das ist falsch")
    # writes a "not" token for it in `tokenize`.
    negated_positions: Callable[[Sequence[str]], frozenset[int]]
    english_lexicon: bool = False  # WordNet synonyms and words run together (English words only)
    copy_run: int = 5  # words in a row copied from the question that earn nothing
    # words per token, for the keyword-list rule's counts: a Japanese or Chinese token is one character,
    # about half a word ("回転、磁界の変化、誘導電流" is a list of 3 short items)
    word_scale: float = 1.0
    # A keyword that says "not" itself ("流れない", "sin sal", "isn't used up") is taken as written: its own
    # negation does not deny it.
    negated_keywords_as_written: bool = True
    # A compound's last part names what it is ("Gesamtwiderstand" is a "Widerstand", "Lichtenergie" an
    # "Energie"): an answer word that ends in a keyword word counts as that word (German).
    compound_heads: bool = False
    # An answer's tokens given the card's words as written (keywords, roles, triggers), for a language
    # whose answers may spell them differently (Japanese in kana or romaji); else `tokenize` is used.
    card_tokenize: Callable[[str, tuple[str, ...]], Tokens] | None = None
    # A keyword written as one compound (no little word inside: "運動エネルギー") is found only in its
    # order; out of order its characters say something else ("電気エネルギーを運動エネルギーに").
    compounds_in_order: bool = False
    # Synonyms of a card's keyword words in the language (not English: english_lexicon), as aliases of
    # their ids: (vocabulary, words to leave alone) -> alias -> id. Asked when a card is compiled.
    keyword_aliases: Callable[[dict[str, int], frozenset[str]], dict[str, int]] | None = None
    # Concept names -> per concept, words that void its keywords as its `not_with` words do: the
    # settings other concepts are framed in ("In der Parallelschaltung ..." beside "In der
    # Reihenschaltung ..."), so that an answer swapping them is not credited (German).
    setting_roles: Callable[[tuple[str, ...]], tuple[tuple[str, ...], ...]] | None = None


_LOADED: dict[str, LanguageRules] = {}


def primary_subtag(tag: str | None) -> str:
    """`es-419` -> `es`; None or empty -> English."""
    return (tag or ENGLISH).split("-", 1)[0].lower() or ENGLISH


def has_rules(tag: str | None) -> bool:
    """Whether the language has rules of its own (else it is graded with the English ones)."""
    return primary_subtag(tag) in _MODULES


def rules_for(tag: str | None) -> LanguageRules:
    """The rules of a language tag (English for None and for languages without rules of their own)."""
    code = primary_subtag(tag)
    rules = _LOADED.get(code)
    if rules is None:
        module = _MODULES.get(code, _MODULES[ENGLISH])
        rules = _LOADED[code] = importlib.import_module(f"{__name__}.{module}").RULES
    return rules


__all__ = ["ENGLISH", "SUPPORTED", "LanguageRules", "has_rules", "primary_subtag", "rules_for"]
