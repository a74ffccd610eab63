"""Spanish doubts and indirect questions, for bot/core/languages/spanish.py (its `_idioms` calls these on
the answer's folded words, `pieces`):

- an indirect question states nothing of its clause: "me pregunto si ...", "no sé si ...", "no estoy
  seguro de si ...", "depende de si ...", "para ver / comprobar / averiguar si ...", "no está claro si
  ..." (the "si" is read as a guess, which denies what follows it in its clause);
- "es imposible / improbable / dudoso que ...", "es poco probable que ..." deny the que-clause, as "es
  falso que" does (and "..., eso es imposible." its sentence: spanish_statements.py);
- "..., pero no estoy seguro." after a claim denies it, as "..., pero no es cierto." does ("seguro" is one
  of the words of "true" there; "estoy" is a form of "estar").
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.languages.alphabetic import words_of

UNLIKELY = frozenset(words_of("imposible improbable dudoso dudosa probable"))
SURE = "seguro segura seguros seguras"
_ASKING = frozenset(words_of("pregunto preguntamos pregunta preguntan preguntaba preguntaban preguntarse preguntar "
                             "depende dependen dependera dependia ver comprobar averiguar saber sabemos sabe saben "
                             "sabia sabian sabes claro clara"))
_SURE = frozenset(words_of(SURE))


def asks_whether(pieces: Sequence[str], index: int) -> bool:
    """Whether the "si" at `index` opens an indirect question (the list above): after an asking, knowing
    or depending word, or "seguro de"; "sé" only after "no" ("no sé si": "se" is a clitic too)."""
    before = pieces[index - 1] if index else ""
    if before == "de" and index > 1:
        before = pieces[index - 2]
        return before in _SURE or before.startswith("depend")
    if before == "se":
        return index > 1 and pieces[index - 2] == "no"
    return before in _ASKING


def denies_que(pieces: Sequence[str], index: int) -> bool:
    """Whether the word at `index` ("imposible", "poco probable", ...) denies a que-clause after it."""
    return pieces[index] != "probable" or (index > 0 and pieces[index - 1] == "poco")
