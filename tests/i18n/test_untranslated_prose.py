"""No English prose is shown without going through the catalogues: one test per part of the bot.

What counts as prose, and what is excused, is in `tests.i18n.prose`. The grading vocabularies (word
lists of each language) are data, not messages, and are not scanned.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.i18n.extract import BOT, part_of
from tests.i18n.prose import untranslated_prose

NOT_MESSAGES = ("i18n", "core/languages", "core/grading", "core/text_normalize", "core/concept_extraction")


def scanned_files() -> dict[str, list[Path]]:
    parts: dict[str, list[Path]] = {}
    for path in sorted(BOT.rglob("*.py")):
        relative = path.relative_to(BOT).as_posix()
        if not relative.startswith(NOT_MESSAGES):
            parts.setdefault(part_of(path), []).append(path)
    return parts


FILES = scanned_files()


@pytest.mark.parametrize("part", sorted(FILES))
def test_a_part_says_nothing_outside_the_catalogues(part: str) -> None:
    found = [line for path in FILES[part] for line in untranslated_prose(path, path.relative_to(BOT.parent).as_posix())]
    assert found == []


def test_the_scan_sees_prose_and_its_excuses(tmp_path: Path) -> None:
    source = tmp_path / "demo.py"
    source.write_text(
        '"""A docstring is not shown."""\n'
        'import logging\n'
        'log = logging.getLogger(__name__)\n'
        'a = "Two words shown"\n'
        'b = say("Two words translated")\n'
        'log.info("a log line with words")\n'
        'c = Button(label="Next")\n'
        'd = "SELECT id FROM t WHERE x = ?"\n'
        'e = f"You have {n} cards"\n'
        'f = "thread name words"  # i18n: not shown (a thread name)\n'
        'raise ValueError("a programmer reads this")\n'
        'g = "/deck report deck [period], /round start|stop (or /round scores)"\n'
        'h = "/quiz needs a deck."\n'
        'i = "/quiz Needs a deck"\n',
        encoding="utf-8",
    )
    found = untranslated_prose(source, "demo.py")
    assert [line.split(":")[1] for line in found] == ["4", "7", "9", "13", "14"], found
