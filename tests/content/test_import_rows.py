"""CSV and Anki text imports: an over-long field and a quote that swallows rows are named by file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.content.importers import ImportFailure, import_deck
from bot.content.importers.csvrows import MAX_FIELD_CHARS

REPOSITORY = Path(__file__).resolve().parents[2]
ANKI_HEADER = "#separator:tab\n#html:false\n"


def imported(source: Path) -> list[tuple[str, str]]:
    deck = import_deck(source, output_name="content/x.yaml", progress=False).deck
    return [(card.front, card.back) for card in deck.cards]  # type: ignore[union-attr]


def refusal(source: Path) -> list[str]:
    with pytest.raises(ImportFailure) as failure:
        import_deck(source, output_name="content/x.yaml", progress=False)
    return failure.value.problems


def test_a_field_over_the_csv_modules_128_kib_reads_and_is_shortened(tmp_path: Path) -> None:
    source = tmp_path / "long.csv"
    source.write_text(f"front,back\nA,{'x' * 200_000}\nB,b\n", encoding="utf-8")
    cards = import_deck(source, output_name="content/x.yaml", progress=False)
    assert len(cards.deck.cards) == 2
    assert any("long.csv:2" in note for note in cards.notes), cards.notes


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("huge.csv", f"front,back\nA,a\nB,{'x' * (MAX_FIELD_CHARS + 10)}\n", 3),
        ("huge.txt", f"{ANKI_HEADER}A\ta\nB\tb\nC\t{'y' * (MAX_FIELD_CHARS + 10)}\n", 5),
    ],
)
def test_a_field_over_the_limit_is_refused_at_its_line(tmp_path: Path, name: str, text: str, line: int) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    [problem] = refusal(source)
    assert problem.startswith(f"{source}:{line}: a field in the row starting here is longer than 1024 KiB")


def test_the_command_reports_an_over_long_field_without_a_traceback(tmp_path: Path) -> None:
    source = tmp_path / "huge.csv"
    source.write_text(f"front,back\nA,a\nB,\"{'x' * (MAX_FIELD_CHARS + 10)}\nC,c\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "content", "import", str(source), "--to", str(tmp_path / "x.yaml")],
        cwd=REPOSITORY, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert f"{source}:3: a field in the row starting here is longer than 1024 KiB" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.yaml").exists()


ROWS = [f"Capital {n},City {n}" for n in range(1, 11)]


@pytest.mark.parametrize(
    ("stray", "later"),
    [
        ('"Capital 3,City 3', None),  # never closed: everything after it becomes one field
        ('"Capital 3,City 3', '"Capital 8, again",City 8'),  # closed by the next quoted field's quote
    ],
    ids=["to-the-end", "closed-by-a-later-quote"],
)
def test_a_stray_quote_in_a_csv_is_named_at_the_line_it_opens(tmp_path: Path, stray: str, later: str | None) -> None:
    rows = list(ROWS)
    rows[2] = stray
    if later:
        rows[7] = later
    source = tmp_path / "capitals.csv"
    source.write_text("front,back\n" + "\n".join(rows) + "\n", encoding="utf-8")
    [problem] = refusal(source)
    assert problem.startswith(f"{source}:4: a quote opened on this line is not closed at the end of its field")
    assert "lines 5 to" in problem


def test_a_stray_quote_in_an_anki_export_is_named_at_the_line_it_opens(tmp_path: Path) -> None:
    notes = [f"Front {n}\tBack {n}" for n in range(1, 9)]
    notes[4] = '"Front 5\tBack 5'
    source = tmp_path / "notes.txt"
    source.write_text(ANKI_HEADER + "\n".join(notes) + "\n", encoding="utf-8")
    [problem] = refusal(source)
    assert problem.startswith(f"{source}:7: a quote opened on this line is not closed")


def test_quoted_fields_over_several_lines_still_import(tmp_path: Path) -> None:
    source = tmp_path / "steps.csv"
    source.write_text(
        'front,back\n"Make tea","Boil water, then wait\nAdd leaves, steep\nPour, serve"\nNext,"a ""quoted"" word"\n',
        encoding="utf-8",
    )
    assert imported(source) == [
        ("Make tea", "Boil water, then wait\nAdd leaves, steep\nPour, serve"),
        ("Next", 'a "quoted" word'),
    ]
    anki = tmp_path / "notes.txt"
    anki.write_text(ANKI_HEADER + 'Q1\t"line one\nline two"\nQ2\tA2\n', encoding="utf-8")
    assert imported(anki) == [("Q1", "line one\nline two"), ("Q2", "A2")]
