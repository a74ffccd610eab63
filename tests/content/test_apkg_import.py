"""Anki packages (legacy anki2/anki21 and the zstd anki21b) import into decks the loader accepts:
every field, tag, cloze gap and media file survives; big packages split into decks of 1,000 cards."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from bot.content.importers import ImportedDeck, detect_format, import_deck
from bot.content.importers.apkg_proto import ProtoError, media_entries, message_fields
from bot.content.loader import load_decks
from bot.core.deck import ClozeCard, Flashcard
from tests.content.apkg_builder import (
    BASIC,
    CLOZE,
    CUSTOM,
    OPTIONAL_REVERSED,
    REVERSED,
    NoteSpec,
    build_package,
    proto_bytes,
    proto_int,
    write_collection,
)

REPOSITORY = Path(__file__).resolve().parents[2]
PICTURE = b"\x89PNG\r\n\x1a\n a small picture"
SOUND = b"ID3 a short sound"
NOTES = [
    NoteSpec(BASIC, ["What makes <b>ATP</b>?", "The mitochondria<br>in every cell"], ["biology", "cells"]),
    NoteSpec(REVERSED, ["perro", "dog"], ["spanish"]),
    NoteSpec(CLOZE, ['{{c1::Mitochondria}} make {{c2::ATP::energy molecule}} <img src="cell.png"> [sound:atp.mp3]',
                     "Seen in <i>every</i> cell"], ["biology"]),
    NoteSpec(CUSTOM, ["gato", "cat", "El gato duerme."], ["spanish", "animals"]),
    NoteSpec(OPTIONAL_REVERSED, ["uno", "one", ""], card_ords=[0]),
    NoteSpec(OPTIONAL_REVERSED, ["dos", "two", "y"], card_ords=[0, 1]),
]


def sha_name(data: bytes, extension: str) -> str:
    return f"{hashlib.sha256(data).hexdigest()}.{extension}"


def imported(tmp_path: Path, fmt: str, notes: list[NoteSpec] = NOTES, **media: bytes) -> ImportedDeck:
    files = media or {"cell.png": PICTURE, "atp.mp3": SOUND}
    source = build_package(tmp_path / f"deck-{fmt}.apkg", notes, files, fmt=fmt)
    return import_deck(source, output_name=str(tmp_path / "biology.yaml"), progress=False)


@pytest.mark.parametrize("fmt", ["anki2", "anki21", "anki21b"])
def test_every_field_tag_cloze_and_media_file_survives(tmp_path: Path, fmt: str) -> None:
    result = imported(tmp_path, fmt)
    try:
        assert result.format == "apkg"
        assert result.deck.title == "Cell biology"  # the deck holding the cards
        (cell,) = [card for card in result.deck.cards if isinstance(card, ClozeCard)]
        assert all(isinstance(card, Flashcard) for card in result.deck.cards if card is not cell)
        # The cloze note is one cloze card, its gaps and hint as Anki wrote them; each gap is its own card.
        assert (cell.text, cell.extra, cell.tags) == (
            "{{c1::Mitochondria}} make {{c2::ATP::energy molecule}}", "Seen in every cell", ["biology"])
        assert [gap.id for gap in cell.gaps()] == [f"{cell.id}:c1", f"{cell.id}:c2"]
        assert cell.gaps()[1].blanked == "Mitochondria make [energy molecule]"
        sides = [(card.front, card.back, list(card.tags)) for card in result.deck.cards if isinstance(card, Flashcard)]
        assert sides == [
            ("What makes ATP?", "The mitochondria\nin every cell", ["biology", "cells"]),
            ("perro", "dog", ["spanish"]),
            ("dog", "perro", ["spanish"]),  # the reversed card
            ("gato", "cat\n\nEl gato duerme.", ["spanish", "animals"]),
            ("uno", "one", []),  # no reverse asked for: one card
            ("dos", "two", []),
            ("two", "dos", []),
        ]
        assert result.media is not None
        assert result.media.names == sorted([sha_name(PICTURE, "png"), sha_name(SOUND, "mp3")])
        warnings = "\n".join(result.warnings)
        assert "cloze" not in warnings  # nothing to warn about: the cloze note is a cloze card
        assert "'Vocabulary' (1)" in warnings
        assert "media file(s)" not in warnings
        # The cloze note's picture and sound are on its card, by their content-addressed names.
        with_media = [(card.image, card.audio) for card in result.deck.cards if card.image or card.audio]
        assert with_media == [(sha_name(PICTURE, "png"), sha_name(SOUND, "mp3"))]

        media_folder = tmp_path / "biology.media"
        assert result.media.install(media_folder) == 2
        assert (media_folder / sha_name(PICTURE, "png")).read_bytes() == PICTURE
        assert (media_folder / sha_name(SOUND, "mp3")).read_bytes() == SOUND
        assert result.media.install(media_folder) == 0  # same content, same name: nothing added twice
    finally:
        if result.media is not None:
            result.media.discard()
    (tmp_path / "biology.yaml").write_text(result.yaml_text, encoding="utf-8")
    loaded = load_decks([tmp_path])
    assert loaded.errors == []
    assert loaded.decks["biology"] == result.deck
    assert loaded.media == {"biology": (tmp_path / "biology.media").resolve()}


def test_a_zip_is_detected_as_an_anki_package(tmp_path: Path) -> None:
    source = build_package(tmp_path / "any-name.txt", NOTES[:1])
    assert detect_format(source, source.read_bytes()) == "apkg"


def test_web_pictures_become_the_card_image_and_missing_media_is_named(tmp_path: Path) -> None:
    notes = [
        NoteSpec(BASIC, ['Which organelle? <img src="https://example.org/golgi.png">', "Golgi"]),
        NoteSpec(BASIC, ["Listen", '<img src="gone.jpg"> heard it']),
    ]
    result = imported(tmp_path, "anki21b", notes, unused=b"never read")
    assert result.deck.cards[0].image == "https://example.org/golgi.png"
    assert any("not in the package: gone.jpg" in warning for warning in result.warnings)
    assert result.media is not None and result.media.names == []  # the unused file is never read


def test_a_percent_encoded_picture_name_finds_its_file(tmp_path: Path) -> None:
    notes = [NoteSpec(BASIC, ["Which cell?", 'A neuron <img src="nerve%20cell.png">'])]
    result = imported(tmp_path, "anki2", notes, **{"nerve cell.png": PICTURE})
    assert result.media is not None and result.media.names == [sha_name(PICTURE, "png")]
    result.media.discard()


def test_long_imports_draw_progress_bars_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    notes = [NoteSpec(BASIC, [f"Question {n}", f'Answer {n} <img src="p{n}.png">']) for n in range(250)]
    source = build_package(tmp_path / "long.apkg", notes, {f"p{n}.png": b"picture %d" % n for n in range(250)})
    result = import_deck(source, output_name=str(tmp_path / "long.yaml"))
    assert result.media is not None
    result.media.discard()
    drawn = screen.getvalue()
    assert "Reading long.apkg" in drawn and "250/250" in drawn and "note" in drawn
    assert "Copying media" in drawn and "Checking cards" in drawn


def test_a_side_that_is_only_a_picture_keeps_its_name(tmp_path: Path) -> None:
    notes = [NoteSpec(BASIC, ["Name this organelle", '<img src="cell.png">'])]
    result = imported(tmp_path, "anki2", notes, **{"cell.png": PICTURE})
    assert result.deck.cards[0].back == "[picture: cell.png]"  # type: ignore[union-attr]


def test_odd_bytes_tags_and_links_spoil_only_themselves(tmp_path: Path) -> None:
    notes = [
        NoteSpec(BASIC, ["Bad bytes", "placeholder"]),
        NoteSpec(BASIC, ['Spaced link <img src="https://example.org/a picture.png">', "kept"], ["ok", "bell\x07"]),
    ]
    database = tmp_path / "collection"
    write_collection(database, notes, "Odd", schema18=False)
    with sqlite3.connect(database) as connection:  # a field that is not UTF-8
        connection.execute("UPDATE notes SET flds = CAST(X'4261640062797465731F6F6BFF21' AS TEXT) WHERE sfld = 'Bad bytes'")
    connection.close()
    source = tmp_path / "odd.apkg"
    with zipfile.ZipFile(source, "w") as package:
        package.writestr("collection.anki2", database.read_bytes())
        package.writestr("media", "{}")
    result = import_deck(source, output_name=str(tmp_path / "odd.yaml"), progress=False)
    first, second = result.deck.cards
    assert (first.front, first.back) == ("Badbytes", "ok\ufffd!")  # type: ignore[union-attr]
    assert second.image is None and list(second.tags) == ["ok", "bell"]


def test_a_note_with_fewer_fields_than_its_type_still_converts(tmp_path: Path) -> None:
    notes = [NoteSpec(REVERSED, ["alone"]), NoteSpec(BASIC, ["front", "back", "a stray third field"])]
    result = imported(tmp_path, "anki21", notes)
    assert [(card.front, card.back) for card in result.deck.cards] == [("front", "back")]  # type: ignore[union-attr]
    assert result.notes == [f"{tmp_path / 'deck-anki21.apkg'}: skipped 1 note(s) without both a front and a back"]


def test_more_than_1000_cards_are_split_into_decks_the_loader_accepts(tmp_path: Path) -> None:
    notes = [NoteSpec(BASIC, [f"Question number {n}", f"Answer {n}"], [f"t{n % 7}"]) for n in range(2001)]
    result = imported(tmp_path, "anki21", notes)
    assert [Path(file.path).name for file in result.files] == ["biology-1.yaml", "biology-2.yaml", "biology-3.yaml"]
    assert [file.deck.id for file in result.files] == ["biology-1", "biology-2", "biology-3"]
    assert [len(file.deck.cards) for file in result.files] == [667, 667, 667]
    assert result.files[1].deck.title == "Cell biology (2 of 3)"
    for file in result.files:
        Path(file.path).write_text(file.yaml_text, encoding="utf-8")
    loaded = load_decks([tmp_path])
    assert loaded.errors == []
    fronts = [card.front for deck in loaded.decks.values() for card in deck.cards]  # type: ignore[union-attr]
    assert sorted(fronts) == sorted(f"Question number {n}" for n in range(2001))


def test_decks_too_large_for_one_file_are_split_by_size_too(tmp_path: Path) -> None:
    notes = [NoteSpec(BASIC, [f"Question {n} " + "word " * 380, f"Answer {n} " + "word " * 380]) for n in range(600)]
    result = imported(tmp_path, "anki2", notes)
    assert len(result.files) >= 3  # 600 cards of ~3.8 KB: over the loader's 1 MB per file
    assert sum(len(file.deck.cards) for file in result.files) == 600
    for file in result.files:
        Path(file.path).write_text(file.yaml_text, encoding="utf-8")
        assert len(file.yaml_text.encode()) < 1024 * 1024
    assert load_decks([tmp_path]).errors == []


def test_cli_imports_a_package_with_its_media_and_content_check_accepts_it(tmp_path: Path) -> None:
    source = build_package(tmp_path / "cells.apkg", NOTES, {"cell.png": PICTURE, "atp.mp3": SOUND}, fmt="anki21b")
    content = tmp_path / "content"
    content.mkdir()
    command = [sys.executable, "-m", "bot", "content", "import", str(source), "--to", str(content / "cells.yaml")]
    result = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "imported 8 cards (apkg format)" in result.stdout
    assert "2 media file(s)" in result.stdout
    assert "kind: cloze" in (content / "cells.yaml").read_text(encoding="utf-8")
    assert sorted(path.name for path in (content / "cells.media").iterdir()) == sorted(
        [sha_name(PICTURE, "png"), sha_name(SOUND, "mp3")]
    )
    data = yaml.safe_load((content / "cells.yaml").read_text(encoding="utf-8"))
    assert data["cards"][0]["tags"] == ["biology", "cells"]
    check = subprocess.run([sys.executable, "-m", "bot", "content", "check", str(content)],
                           cwd=REPOSITORY, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout
    again = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_the_media_map_of_newer_packages_is_read_from_protobuf() -> None:
    message = proto_bytes(1, proto_bytes(1, b"a.png") + proto_int(2, 3) + proto_bytes(3, b"\x01" * 20))
    message += proto_bytes(1, proto_bytes(1, b"b.mp3") + proto_int(255, 7))
    message += proto_int(9, 1)  # an unknown field is skipped
    assert media_entries(message) == [("a.png", "0"), ("b.mp3", "7")]
    with pytest.raises(ProtoError):
        list(message_fields(proto_bytes(1, b"abc")[:-1]))  # cut short
    with pytest.raises(ProtoError):
        list(message_fields(b"\x0b"))  # wire type 3 (groups) is never written by Anki


def test_cloze_notes_the_deck_format_cannot_hold_become_one_flashcard_per_gap(tmp_path: Path) -> None:
    many = " ".join(f"{{{{c{n}::w{n}}}}}" for n in range(1, 22))  # 21 gap numbers: one more than a card may have
    notes = [
        NoteSpec(CLOZE, ["{{c1::a {{c2::b}} c}} d", ""], ["nested"]),  # nested gaps: a cloze card
        NoteSpec(CLOZE, [many, "extra"]),
    ]
    result = imported(tmp_path, "anki21", notes)
    try:
        cloze_cards = [card for card in result.deck.cards if isinstance(card, ClozeCard)]
        assert [(card.text, card.extra) for card in cloze_cards] == [("{{c1::a {{c2::b}} c}} d", None)]
        flashcards = [card for card in result.deck.cards if isinstance(card, Flashcard)]
        assert len(flashcards) == 21 and flashcards[0].back == "w1\n\nextra"
        warnings = "\n".join(result.warnings)
        assert "1 cloze note(s) can't be cloze cards here and became 21 flashcards" in warnings, warnings
        assert "at most 20" in warnings
    finally:
        if result.media is not None:
            result.media.discard()
