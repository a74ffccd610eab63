"""Anki, Quizlet and CSV exports import into decks that the loader accepts, with their texts intact."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot.content.importers import ImportFailure, detect_format, import_deck
from bot.content.importers.progress import Progress
from bot.content.importers.text import IdMaker, html_to_text, slugify
from bot.content.importers.yamlout import write_atomically
from bot.content.loader import load_deck_file
from bot.core.deck import ClozeCard, Flashcard

FIXTURES = Path(__file__).parent / "fixtures"
REPOSITORY = Path(__file__).resolve().parents[2]


def round_trip(source: Path, tmp_path: Path, **options: str) -> dict[str, Flashcard]:
    """Import `source`, write the deck, load it back with the real loader; cards by id."""
    target = tmp_path / "imported.yaml"
    imported = import_deck(source, output_name=str(target), progress=False, **options)
    write_atomically(target, imported.yaml_text, overwrite=False)
    loaded = load_deck_file(target)
    assert loaded.problems == []
    assert loaded.deck is not None
    assert loaded.deck == imported.deck
    cards = {card.id: card for card in loaded.deck.cards}
    assert all(isinstance(card, Flashcard | ClozeCard) for card in cards.values())
    return cards  # type: ignore[return-value]


def test_anki_export_with_headers_html_tags_and_cloze(tmp_path: Path) -> None:
    cards = round_trip(FIXTURES / "anki-notes.txt", tmp_path)
    assert list(cards) == [
        "mitochondria",
        "what-does-the-nucleus-hold",
        "name-this-organelle",
        "yes",
        "the-ribosome-builds-proteins-from-amino",
    ]
    assert cards["mitochondria"].back == 'The "powerhouse" of the cell:\nit makes ATP'
    assert cards["mitochondria"].tags == ["cells", "biology"]
    assert cards["what-does-the-nucleus-hold"].back == "The cell's DNA, wrapped in chromatin"
    assert cards["name-this-organelle"].image == "https://example.org/img/golgi.png"
    assert (cards["yes"].front, cards["yes"].back) == ("yes", "no")  # text, not YAML booleans
    cloze = cards["the-ribosome-builds-proteins-from-amino"]
    assert isinstance(cloze, ClozeCard)  # a cloze note is a cloze card, its gaps (and hint) as written
    assert cloze.gaps()[0].blanked == "The [organelle] builds proteins from amino acids."
    assert cloze.gaps()[1].blanked == "The ribosome builds proteins from [...]."
    assert cloze.extra is not None


def test_anki_semicolon_export_uses_deck_header_as_title(tmp_path: Path) -> None:
    target = tmp_path / "spanish.yaml"
    imported = import_deck(FIXTURES / "anki-semicolon.txt", output_name=str(target), progress=False)
    assert imported.format == "anki"
    assert imported.deck.title == "Spanish basics"
    assert imported.deck.id == "spanish"
    cards = round_trip(FIXTURES / "anki-semicolon.txt", tmp_path)
    assert cards["buenos-dias"].back == "good morning; said before noon"
    assert cards["1999"].front == "1999"


def test_quizlet_export_joins_definitions_that_span_lines(tmp_path: Path) -> None:
    cards = round_trip(FIXTURES / "quizlet.txt", tmp_path, level="intermediate")
    assert list(cards) == ["photosynthesis", "osmosis", "yes", "mitosis"]
    assert cards["osmosis"].back == (
        "Movement of water across a semi-permeable membrane\nfrom low to high solute concentration"
    )
    assert cards["yes"].back == "sí (Spanish)"
    assert {card.level for card in cards.values()} == {"intermediate"}


def test_csv_with_levels_and_tags(tmp_path: Path) -> None:
    cards = round_trip(FIXTURES / "cards.csv", tmp_path)
    binary = cards["what-is-the-time-complexity-of-binary"]
    assert (binary.level, binary.tags) == ("intermediate", ["algorithms", "search"])
    assert binary.back == "O(log n), halving the range each step"
    assert cards["what-is-a-trie"].level == "beginner"  # no level given: the default
    assert cards["multi-line-front"].front == "Multi-line\nfront"
    assert cards["multi-line-front"].back == 'A back with "quotes"'


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("anki-notes.txt", "anki"),
        ("anki-semicolon.txt", "anki"),
        ("quizlet.txt", "quizlet"),
        ("cards.csv", "csv"),
    ],
)
def test_format_is_detected(name: str, expected: str) -> None:
    path = FIXTURES / name
    assert detect_format(path, path.read_bytes()) == expected


def test_csv_with_an_unknown_level_is_refused_with_its_line(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("front,back,level\nA,B,beginner\nC,D,expert\n", encoding="utf-8")
    with pytest.raises(ImportFailure) as failure:
        import_deck(source, output_name="content/bad.yaml", progress=False)
    assert failure.value.problems == [
        f"{source}:3 level: 'expert' is not a level: use beginner, intermediate, advanced"
    ]


def test_cli_import_writes_a_deck_that_content_check_accepts(tmp_path: Path) -> None:
    target = tmp_path / "biology.yaml"
    command = [
        sys.executable,
        "-m",
        "bot",
        "content",
        "import",
        str(FIXTURES / "anki-notes.txt"),
        "--to",
        str(target),
    ]
    first = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert "imported 5 cards (anki format)" in first.stdout
    assert "anki-notes.txt:13: skipped a note without both a front and a back" in first.stderr
    check = subprocess.run(
        [sys.executable, "-m", "bot", "content", "check", str(target)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    written = target.read_text(encoding="utf-8")

    again = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, timeout=60)
    assert again.returncode == 2
    assert "already exists; pass --force" in again.stderr
    assert target.read_text(encoding="utf-8") == written
    forced = subprocess.run(
        [*command, "--force", "--level", "advanced"], cwd=REPOSITORY, capture_output=True, text=True
    )
    assert forced.returncode == 0, forced.stderr
    assert "level: advanced" in target.read_text(encoding="utf-8")
    assert [path.name for path in tmp_path.iterdir()] == ["biology.yaml"]  # no temporary files left


def test_failed_import_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("just a line of prose without any separator\n", encoding="utf-8")
    target = tmp_path / "out.yaml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "content",
            "import",
            str(source),
            "--to",
            str(target),
            "--format",
            "quizlet",
        ],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert f"{source}:1: expected 'term<TAB>definition'" in result.stderr
    assert not target.exists()


def test_bad_deck_id_option_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="can't be a deck id"):
        import_deck(FIXTURES / "quizlet.txt", output_name="x.yaml", deck_id="Bad Id", progress=False)


def test_ids_are_slugs_unique_and_bounded() -> None:
    assert slugify("Who's that Pokémon? Ça va!", 40) == "whos-that-pokemon-ca-va"
    assert slugify("漢字", 40) == ""
    maker = IdMaker(12)
    ids = [
        maker.make(text)
        for text in ["A very long question indeed", "A very long question indeed", "漢字", "漢字"]
    ]
    assert ids == ["a-very-long", "a-very-2", "card", "card-2"]
    assert all(len(card_id) <= 12 for card_id in ids)


def test_html_to_text_keeps_line_breaks_and_images() -> None:
    text, images = html_to_text(
        '<div>One&nbsp;two</div><div>three<br>four <img src="http://x.org/a.png"></div>'
    )
    assert text == "One two\nthree\nfour"
    assert images == ["http://x.org/a.png"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_for_long_imports_only() -> None:
    terminal = _Terminal()
    progress = Progress(400, "Importing x", terminal)
    for _ in range(400):
        progress.advance()
    progress.close()
    output = terminal.getvalue()
    assert output.startswith("\rImporting x:   0%")  # tqdm draws at once, then at most every 0.1 s
    last = output.rsplit("\r", 1)[1]
    assert last.startswith("Importing x: 100%") and "400/400" in last and last.endswith("\n")

    short = _Terminal()
    quick = Progress(10, "Importing y", short)
    quick.advance()
    quick.close()
    assert short.getvalue() == ""
    piped = io.StringIO()
    Progress(400, "Importing z", piped).advance(400)
    assert piped.getvalue() == ""
