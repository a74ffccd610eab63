"""Every malformed deck is refused by `python -m bot content check` with file, line, field and words.

Each case runs the real command in a subprocess. Time and peak memory per case (target < 2 s and
< 200 MB) are measured with /usr/bin/time and reported, never asserted here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
MALFORMED = Path(__file__).parent / "malformed"

ID_RULE = "uses lowercase letters a-z, digits 0-9 and hyphens (not first or last)"
ALIAS_RULE = "are not allowed: write the value out"

# file -> the exact lines `content check` must print (relative paths as given on the command line).
EXPECTED: dict[str, list[str]] = {
    "unknown-key.yaml": [
        "4 cards[0].front: the required key 'front' is missing",
        "7 cards[0].frnt: unknown key 'frnt' (did you mean 'front'?)",
    ],
    "missing-field.yaml": ["4 cards[0].back: the required key 'back' is missing"],
    "empty-string.yaml": [
        "8 cards[0].back: this is empty; write some text (or remove the key if it is optional)"
    ],
    "yaml-boolean.yaml": [
        "8 cards[0].back: this is read as a boolean (yes/no/true/false/on/off); put the text in quotes"
    ],
    "number-as-text.yaml": ["8 cards[0].back: this is read as a number; put the text in quotes"],
    "choice-no-correct.yaml": ["8 cards[0].options: a choice card needs exactly one correct option, found 0"],
    "choice-two-correct.yaml": [
        "8 cards[0].options: a choice card needs exactly one correct option, found 2"
    ],
    "choice-one-option.yaml": ["8 cards[0].options: a choice card needs 2 to 10 options, found 1"],
    "choice-eleven-options.yaml": ["8 cards[0].options: a choice card needs 2 to 10 options, found 11"],
    "bad-id-characters.yaml": [
        f"4 cards[0].id: 'Hash_Table' is not a valid id: a card id {ID_RULE}, at most 40 characters"
    ],
    "id-too-long.yaml": [f"1 id: is 54 characters long: a deck id {ID_RULE}, at most 32 characters"],
    "duplicate-card-id.yaml": [
        "9 cards[1].id: the card id 'hash-table' is used twice in this deck (first at line 4)"
    ],
    "duplicate-key.yaml": ["8 cards[0].front: the key 'front' appears twice (first at line 7)"],
    "open-without-concepts.yaml": [
        "4 cards[0]: an open card needs concepts, or a model_answer to derive them from"
    ],
    "bad-level-and-kind.yaml": [
        "6 cards[0].level: 'expert' is not a level: use beginner, intermediate, advanced",
        "9 cards[1]: 'quiz' is not a card kind: use flashcard, choice, open, cloze",
    ],
    "tabs.yaml": ["6 level: a tab character: indent with spaces, and write spaces instead of tabs in text"],
    "syntax-error.yaml": [
        "4 cards: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence), "
        "which started at line 3"
    ],
    "not-utf8.yaml": ["7 front: the file is not UTF-8 text (byte 0xe9 can't be read); save it as UTF-8"],
    "alias-bomb.yaml": [
        f"3 lol1: YAML anchors and aliases (&lol1) {ALIAS_RULE}",
        *(
            f"{n + 2} lol{n}: YAML anchors and aliases (&lol{n}, *lol{n - 1}) {ALIAS_RULE}"
            for n in range(2, 10)
        ),
        f"12 cards: YAML anchors and aliases (*lol9) {ALIAS_RULE}",
    ],
}


def run_check(*paths: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "content", "check", *map(str, paths)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_malformed_file_has_an_expectation() -> None:
    assert sorted(path.name for path in MALFORMED.glob("*.yaml")) == sorted(EXPECTED)
    assert len(EXPECTED) + 2 >= 15  # plus the duplicate deck ids and the 50 MB file below


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_deck_is_refused_with_file_line_and_field(name: str) -> None:
    relative = f"tests/content/malformed/{name}"
    result = run_check(relative)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout.splitlines() == [f"{relative}:{line}" for line in EXPECTED[name]]
    assert "Traceback" not in result.stderr


def test_duplicate_deck_id_across_files_refuses_the_later_file() -> None:
    folder = "tests/content/malformed/duplicate-deck-id"
    result = run_check(folder)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        f"{folder}/b-second.yaml:2 id: the deck id 'shared-deck-id' is already used by "
        f"{folder}/a-first.yaml; this file is not loaded"
    ]
    assert "1 deck(s) loaded" in result.stderr


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    card = "  - {id: c, kind: flashcard, level: beginner, front: x, back: y}\n"
    with big.open("w", encoding="utf-8") as stream:
        stream.write("id: big\ntitle: A fifty megabyte deck\ncards:\n")
        chunk = card * 10_000
        while stream.tell() < 50 * 1024 * 1024:
            stream.write(chunk)
        stream.truncate(50 * 1024 * 1024)
    result = run_check(big)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        f"{big}:1 id: the file is 50.0 MB; a deck file may be at most 1.0 MB"
    ]
