"""A deck with errors yields problems that read in the member's language, their files, lines, fields and
values intact; the English text (the terminal's, the tests') is unchanged."""

from __future__ import annotations

import json
import pickle

from bot.content.isolated import check_text, read_checked_text
from bot.content.loader import load_deck_text
from bot.content.package_upload import PackageResult, _read_answer
from bot.content.shown import translated, translated_problems
from bot.core.messages import Marked, from_data, to_data
from bot.i18n.voice import speaking

BROKEN = """\
id: Bad_Deck
title: yes
cards:
  - id: c1
    kind: flashcard
    level: expert
    front: Photosynthesis
    back: Light to sugar
  - id: c1
    kind: choice
    level: beginner
    question: Which gas?
    options: [{text: CO2, correct: true}]
    explanation: Plants take it in.
  - id: c3
    kind: flashcard
    level: beginner
    front: a
    back: b
    colour: red
"""


def problems() -> list[str]:
    loaded = load_deck_text(BROKEN, "biology.yaml")
    assert loaded.deck is None
    return [str(problem) for problem in loaded.problems]


def test_the_english_lines_are_the_loaders_as_before() -> None:
    assert problems() == [
        "biology.yaml:1 id: 'Bad_Deck' is not a valid id: a deck id uses lowercase letters a-z, digits 0-9 and "
        "hyphens (not first or last), at most 32 characters",
        "biology.yaml:2 title: this is read as a boolean (yes/no/true/false/on/off); put the text in quotes",
        "biology.yaml:6 cards[0].level: 'expert' is not a level: use beginner, intermediate, advanced",
        "biology.yaml:9 cards[1].id: the card id 'c1' is used twice in this deck (first at line 4)",
        "biology.yaml:13 cards[1].options: a choice card needs 2 to 10 options, found 1",
        "biology.yaml:20 cards[2].colour: unknown key 'colour' (allowed: audio, back, front, id, image, kind, "
        "language, level, tags)",
    ]


def test_a_broken_deck_reads_in_spanish_with_its_lines_and_values() -> None:
    loaded = load_deck_text(BROKEN, "biology.yaml")
    with speaking("es"):
        lines = translated_problems(loaded.problems)
    assert lines[0] == ("biology.yaml:1 id: 'Bad_Deck' no es un ID válido: un ID de mazo usa letras minúsculas a-z, "
                        "dígitos 0-9 y guiones (ni al principio ni al final), como máximo 32 caracteres")
    # A nested text (how YAML read the value) is translated with the message that holds it.
    assert lines[1] == ("biology.yaml:2 title: esto se lee como un booleano (yes/no/true/false/on/off); pon el texto "
                        "entre comillas")
    assert lines[2] == "biology.yaml:6 cards[0].level: 'expert' no es un nivel: usa beginner, intermediate, advanced"
    assert lines[3] == ("biology.yaml:9 cards[1].id: el ID de tarjeta 'c1' se usa dos veces en este mazo (primero en "
                        "la línea 4)")
    # A rule of the core (a pydantic value error) keeps its marking through pydantic.
    assert lines[4] == "biology.yaml:13 cards[1].options: una tarjeta de opciones necesita de 2 a 10 opciones; hay 1"
    assert lines[5].startswith("biology.yaml:20 cards[2].colour: clave desconocida 'colour' (permitidas: audio, back")
    with speaking("en"):
        assert translated_problems(loaded.problems) == problems()


def test_the_checkers_lines_stay_translatable_across_its_child_process() -> None:
    deck, errors, warnings = check_text(BROKEN, "biology.yaml")
    assert deck is None and warnings == []
    # The child pickles its verdict; the bot's restricted unpickler accepts the marked texts.
    [_, sent, _] = read_checked_text(pickle.dumps((None, errors, []), protocol=pickle.HIGHEST_PROTOCOL))
    assert sent == errors and all(isinstance(line, Marked) for line in sent)
    with speaking("de"):
        assert translated(sent[2]) == "biology.yaml:6 cards[0].level: 'expert' ist keine Stufe: nutze beginner, intermediate, advanced"
    with speaking("ja"):
        assert translated(sent[3]).startswith("biology.yaml:9 cards[1].id: カードID 'c1' がこのデッキで2回使われています")


def test_a_package_uploads_problems_keep_their_template_through_json() -> None:
    problem = Marked("{file}: {problem}; nothing was imported", file="deck.apkg",
                     problem=Marked("the package holds {count} files, more than {limit}", count=12000, limit=10000))
    assert str(problem) == "deck.apkg: the package holds 12,000 files, more than 10,000; nothing was imported"
    back = from_data(to_data(problem))
    assert back == problem and isinstance(back, Marked)
    answer = _read_answer(b'{"yaml": null, "errors": [' + json.dumps(to_data(problem)).encode()
                          + b'], "warnings": ["plain words"], "media": []}\n')
    assert answer == PackageResult(None, [problem], ["plain words"], {})
    assert _read_answer(b'{"yaml": null, "errors": [{"template": 5}], "warnings": [], "media": []}\n') is None
    with speaking("fr"):
        assert translated(answer.errors[0]) == "deck.apkg : le paquet contient 12\u202f000 fichiers, plus de 10\u202f000 ; rien n’a été importé"


def test_a_plain_string_is_shown_as_it_is() -> None:
    with speaking("es"):
        assert translated("an old cached line") == "an old cached line"
