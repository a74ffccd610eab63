"""The loader: every problem at once, nothing half-loaded, warnings that don't block."""

from __future__ import annotations

from pathlib import Path

from bot.content.loader import Problem, load_deck_file, load_deck_text, load_decks
from bot.content.yamlread import read_yaml_text

GOOD = """\
id: good
title: A good deck
cards:
  - id: stack
    kind: flashcard
    level: beginner
    front: What is a stack?
    back: A last-in, first-out collection.
"""

LONG_OPTION = "An option longer than the fifty-five characters of a poll answer"


def test_problem_text_names_file_line_and_field() -> None:
    problem = Problem(
        "content/x.yaml", 14, "cards[2].options", "a choice card needs exactly one correct option, found 0"
    )
    assert (
        str(problem)
        == "content/x.yaml:14 cards[2].options: a choice card needs exactly one correct option, found 0"
    )
    assert (
        str(Problem("content/x.yaml", None, "", "no such file or folder"))
        == "content/x.yaml: no such file or folder"
    )


def test_every_problem_in_a_file_is_reported() -> None:
    text = GOOD.replace("level: beginner", "level: expert").replace("back: A last-in", "bak: A last-in")
    text += "  - id: Queue\n    kind: flashcard\n    level: beginner\n    front: no\n    back: 3\n"
    loaded = load_deck_text(text, "d.yaml")
    assert loaded.deck is None
    assert [str(p) for p in loaded.problems] == [
        "d.yaml:4 cards[0].back: the required key 'back' is missing",
        "d.yaml:6 cards[0].level: 'expert' is not a level: use beginner, intermediate, advanced",
        "d.yaml:8 cards[0].bak: unknown key 'bak' (did you mean 'back'?)",
        "d.yaml:9 cards[1].id: 'Queue' is not a valid id: a card id uses lowercase letters a-z, digits 0-9 and "
        "hyphens (not first or last), at most 40 characters",
        "d.yaml:12 cards[1].front: this is read as a boolean (yes/no/true/false/on/off); put the text in quotes",
        "d.yaml:13 cards[1].back: this is read as a number; put the text in quotes",
    ]


def test_a_bad_deck_is_left_out_and_the_others_load(tmp_path: Path) -> None:
    (tmp_path / "a-good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b-bad.yaml").write_text(
        GOOD.replace("id: good", "id: bad").replace("front:", "front: [x]\n    q:"), encoding="utf-8"
    )
    (tmp_path / "notes.txt").write_text("not a deck", encoding="utf-8")
    result = load_decks([tmp_path])
    assert list(result.decks) == ["good"]
    assert result.files == {"good": tmp_path / "a-good.yaml"}
    assert result.errors and all(p.file.endswith("b-bad.yaml") for p in result.errors)


def test_poll_warning_does_not_block_the_deck() -> None:
    choice = f"""\
  - id: pick
    kind: choice
    level: beginner
    question: Which one?
    options:
      - text: {LONG_OPTION}
        correct: true
      - text: Short
    explanation: The long one.
"""
    loaded = load_deck_text(GOOD + choice, "w.yaml")
    assert loaded.deck is not None
    assert [(str(p), p.severity) for p in loaded.problems] == [
        (
            "w.yaml:14 cards[1].options[0].text: option longer than 55 characters: this card can't be a native poll "
            "and will be posted as a button question instead",
            "warning",
        )
    ]


def test_missing_path_and_empty_file_are_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    result = load_decks([tmp_path / "nowhere", empty])
    assert [str(p) for p in result.problems] == [
        f"{tmp_path / 'nowhere'}: no such file or folder",
        f"{empty}: the file is empty",
    ]


def test_hostile_text_never_raises() -> None:
    hostile = [
        "- just\n- a list\n",
        "id: x\ntitle: t\ncards:\n  - 42\n",
        "? [complex, key]\n: value\n",
        "id: x\ntitle: t\ncards: {}\n",
        "<<: {a: 1}\n",
        "id: x\ntitle: '@everyone **bold** " + "é" * 4000 + "'\ncards: []\n",
        "key: !!python/object:os.system 'ls'\n",
        "a: 2024-02-30\nb: 2024-01-01\n",
        "[" * 2000 + "]" * 2000,
        "\x00\x01",
        "id: x\n" + "  " * 3000 + "deep: 1\n",
    ]
    for text in hostile:
        loaded = load_deck_text(text, "h.yaml")
        assert loaded.deck is None
        assert loaded.problems, text[:40]


def test_deeply_nested_yaml_is_cut_off() -> None:
    text = "a:\n" + "".join("  " * depth + "- \n" for depth in range(1, 200))
    document = read_yaml_text(text)
    assert any("nested more than" in issue.message for issue in document.issues)


def test_load_deck_file_reads_the_sample_deck() -> None:
    loaded = load_deck_file(Path(__file__).resolve().parents[2] / "content" / "model-optimization-nlp.yaml")
    assert loaded.errors == []
    assert loaded.deck is not None and len(loaded.deck.cards) == 12
    assert loaded.id_line is not None


def test_a_deck_with_too_many_values_is_refused_early() -> None:
    text = "id: x\ntitle: t\ncards:\n" + "  - {id: c, kind: flashcard, level: beginner}\n" * 10_000
    loaded = load_deck_text(text, "huge.yaml")
    assert [str(p) for p in loaded.problems] == [
        "huge.yaml:7503: the file holds more than 30000 values: split it into several decks"
    ]


def test_problems_beyond_two_hundred_are_counted_not_listed() -> None:
    text = GOOD + "".join(
        f"  - {{id: c{n}, kind: flashcard, level: x, front: f, back: b}}\n" for n in range(300)
    )
    loaded = load_deck_text(text, "many.yaml")
    assert len(loaded.problems) == 201
    assert str(loaded.problems[-1]) == "many.yaml: 100 more problems not shown; fix the ones above first"
