"""Anki export (`python -m bot content export`): packages the importer reads back with every field and tag,
stable GUIDs and ids across exports, hostile text escaped, media files included."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot.content.anki_notes import PackagePlan, add_deck, card_texts, escape, note_guid
from bot.content.anki_package import write_package
from bot.content.importers import import_deck
from bot.content.importers.text import html_to_text
from bot.content.loader import load_deck_file, load_decks
from bot.content.validation import validate_deck
from bot.core.deck import AnyCard, ClozeCard, Deck, Flashcard

REPOSITORY = Path(__file__).resolve().parents[2]
CONTENT = REPOSITORY / "content"
SHIPPED = sorted(load_decks([CONTENT]).decks.values(), key=lambda deck: deck.id)
HOSTILE = ("<script>alert('x')</script> & &amp; <b>not bold</b> **markdown** `code` [sound:evil.mp3] "
           "{{c1::not a gap}} <img src=x onerror=alert(1)> 😀 Ünïcödé ÆØÅ 中文 עברית \u202e right-to-left")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
MP3 = b"ID3\x03\x00" + b"\x00" * 40


@dataclass
class Package:
    notes: list[dict[str, object]]  # guid, model id, fields, tags, deck id of its cards
    models: dict[str, dict[str, object]]
    decks: dict[str, dict[str, object]]
    media: dict[str, bytes]  # name -> bytes


def read_package(data: bytes) -> Package:
    with zipfile.ZipFile(io.BytesIO(data)) as archive, tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "collection.anki2"
        database.write_bytes(archive.read("collection.anki2"))
        names = json.loads(archive.read("media"))
        media = {name: archive.read(number) for number, name in names.items()}
        with sqlite3.connect(database) as conn:
            models, decks = (json.loads(text) for text in conn.execute("SELECT models, decks FROM col").fetchone())
            notes = [{"guid": guid, "mid": mid, "fields": flds.split("\x1f"), "tags": tags.split(),
                      "deck": conn.execute("SELECT DISTINCT did FROM cards WHERE nid = ?", (nid,)).fetchall()}
                     for nid, guid, mid, flds, tags in conn.execute("SELECT id, guid, mid, flds, tags FROM notes ORDER BY id")]
        conn.close()
    return Package(notes, models, decks, media)


def export(deck: Deck, media_folder: Path | None = None) -> tuple[bytes, PackagePlan]:
    plan = PackagePlan()
    add_deck(plan, deck, media_folder=media_folder)
    buffer = io.BytesIO()
    write_package(plan, buffer, timestamp=1_700_000_000)
    return buffer.getvalue(), plan


def reimport(tmp_path: Path, data: bytes, name: str = "exported") -> list[AnyCard]:
    source = tmp_path / f"{name}.apkg"
    source.write_bytes(data)
    imported = import_deck(source, output_name=str(tmp_path / f"{name}.yaml"), progress=False)
    if imported.media is not None:
        imported.media.discard()
    return [card for file in imported.files for card in file.deck.cards]


def deck_of(*cards: dict[str, object], deck_id: str = "probe") -> Deck:
    return validate_deck({"id": deck_id, "title": "Probe", "cards": list(cards)})


@pytest.mark.parametrize("deck", SHIPPED, ids=[deck.id for deck in SHIPPED])
def test_a_shipped_deck_round_trips_with_every_field_and_tag(tmp_path: Path, deck: Deck) -> None:
    back = reimport(tmp_path, export(deck)[0])
    assert len(back) == len(deck.cards)
    for original, imported in zip(deck.cards, back, strict=True):
        if isinstance(original, ClozeCard):
            assert isinstance(imported, ClozeCard) and (imported.text, imported.extra) == (original.text, original.extra)
            continue
        assert isinstance(imported, Flashcard)
        if isinstance(original, Flashcard):
            assert (imported.front, imported.back) == (original.front, original.back)
        else:
            assert (imported.front, imported.back) == card_texts(original)
        assert imported.tags == original.tags
        assert imported.image == original.image


def test_choice_and_open_cards_read_as_documented(tmp_path: Path) -> None:
    deck = deck_of(
        {"id": "c", "kind": "choice", "level": "beginner", "question": "Which is prime?", "explanation": "7 is.",
         "options": [{"text": "4"}, {"text": "6"}, {"text": "7", "correct": True}]},
        {"id": "o", "kind": "open", "level": "advanced", "prompt": "Explain distillation.", "hint": "teacher",
         "model_answer": "A small student mimics a large teacher.",
         "concepts": [{"name": "Large teacher", "keywords": ["teacher"]}, {"name": "Small student", "keywords": ["student"]}],
         "misconceptions": [{"triggers": ["teacher is smaller"], "correction": "The student is the small one."}]},
    )
    choice, open_card = reimport(tmp_path, export(deck)[0])
    assert isinstance(choice, Flashcard) and isinstance(open_card, Flashcard)
    assert choice.front == "Which is prime?\n\nA. 4\nB. 6\nC. 7"
    assert choice.back == "Answer: C. 7\n\n7 is."
    assert open_card.front == "Explain distillation."
    assert open_card.back == ("A small student mimics a large teacher.\n\nKey ideas:\n- Large teacher\n- Small student"
                              "\n\nCommon mistakes:\n- The student is the small one.")


def test_the_terminal_command_exports_and_the_importer_reads_it_back(tmp_path: Path) -> None:
    deck = SHIPPED[0]
    package = tmp_path / "deck.apkg"
    command = [sys.executable, "-m", "bot", "content", "export", deck.id, "--to", str(package)]
    result = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"exported {len(deck.cards)} cards of deck {deck.id!r}" in result.stdout
    again = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "already exists" in again.stderr  # nothing replaced without --force
    target = tmp_path / "back.yaml"
    imported = subprocess.run([sys.executable, "-m", "bot", "content", "import", str(package), "--to", str(target)],
                              cwd=REPOSITORY, capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    loaded = load_deck_file(target)
    assert loaded.deck is not None and loaded.deck.title == deck.title
    read_back = [(c.front, c.back) for c in loaded.deck.cards if isinstance(c, Flashcard)]
    expected = [card_texts(card) for card in deck.cards if not isinstance(card, ClozeCard)]
    assert read_back == expected
    assert [c.text for c in loaded.deck.cards if isinstance(c, ClozeCard)] == [
        c.text for c in deck.cards if isinstance(c, ClozeCard)]
    missing = subprocess.run([sys.executable, "-m", "bot", "content", "export", "no-such-deck", "--to",
                              str(tmp_path / "x.apkg")], cwd=REPOSITORY, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "no deck 'no-such-deck'" in missing.stderr
    assert not (tmp_path / "x.apkg").exists()


def test_guids_and_ids_are_stable_across_exports_and_edits() -> None:
    deck = SHIPPED[0]
    first = read_package(export(deck)[0])
    second = read_package(export(deck)[0])
    assert [n["guid"] for n in first.notes] == [n["guid"] for n in second.notes]
    assert [n["guid"] for n in first.notes] == [note_guid(deck.id, card.id) for card in deck.cards]
    assert len({n["guid"] for n in first.notes}) == len(deck.cards)
    assert first.models.keys() == second.models.keys() and first.decks.keys() == second.decks.keys()
    # An edited card keeps its GUID (Anki updates the note); another deck's card of the same id doesn't share it.
    edited = deck_of({"id": "same", "kind": "flashcard", "level": "beginner", "front": "v1", "back": "b"})
    changed = deck_of({"id": "same", "kind": "flashcard", "level": "beginner", "front": "v2", "back": "b"})
    other = deck_of({"id": "same", "kind": "flashcard", "level": "beginner", "front": "v1", "back": "b"}, deck_id="other")
    guids = [read_package(export(d)[0]).notes[0]["guid"] for d in (edited, changed, other)]
    assert guids[0] == guids[1] != guids[2]
    assert read_package(export(edited)[0]).decks.keys() != read_package(export(other)[0]).decks.keys()


def test_hostile_text_is_escaped_and_survives_exactly(tmp_path: Path) -> None:
    back_text = f"line one\n\nline <two> & three\n{HOSTILE}"
    deck = deck_of({"id": "h", "kind": "flashcard", "level": "beginner", "front": HOSTILE, "back": back_text,
                    "tags": ["a&b", "<tag>", "two words", "ünï"]})
    package = read_package(export(deck)[0])
    (note,) = package.notes
    front, back = note["fields"]  # type: ignore[misc]
    for field in (front, back):
        assert "<script" not in field and "<b>" not in field and "<img" not in field and "[sound:" not in field
        assert "&lt;script&gt;" in field and "&amp;amp;" in field
    assert back.count("<br>") == 3
    assert html_to_text(front) == (HOSTILE, []) and html_to_text(back) == (back_text, [])
    assert note["tags"] == ["a&b", "<tag>", "two_words", "ünï"]  # Anki separates tags with spaces
    (card,) = reimport(tmp_path, export(deck)[0])
    assert isinstance(card, Flashcard) and (card.front, card.back) == (HOSTILE, back_text)
    assert card.tags == ["a&b", "<tag>", "two_words", "ünï"]


def test_control_characters_never_split_a_field() -> None:
    assert escape("a\x1fb\x00c\r\nd") == "abc<br>d"


def test_a_cloze_card_is_an_anki_cloze_note(tmp_path: Path) -> None:
    text = "{{c1::Mitochondria}} make {{c2::ATP::energy molecule}} & <more>"
    deck = deck_of({"id": "z", "kind": "cloze", "level": "beginner", "text": text, "extra": "In every cell",
                    "tags": ["biology"]})
    package = read_package(export(deck)[0])
    (note,) = package.notes
    assert note["fields"] == [escape(text), "In every cell"] and note["tags"] == ["biology"]
    assert package.models[str(note["mid"])]["type"] == 1  # Anki's cloze note type
    (card,) = reimport(tmp_path, export(deck)[0])  # the importer makes a cloze card of an Anki cloze note
    assert isinstance(card, ClozeCard) and (card.text, card.extra, card.tags) == (text, "In every cell", ["biology"])


def test_local_pictures_and_sounds_go_into_the_package(tmp_path: Path) -> None:
    folder = tmp_path / "pics.media"
    folder.mkdir()
    (folder / "cell.png").write_bytes(PNG)
    (folder / "atp.mp3").write_bytes(MP3)
    deck_file = tmp_path / "pics.yaml"
    deck_file.write_text(yaml.safe_dump({"id": "pics", "title": "Pictures", "cards": [
        {"id": "p", "kind": "flashcard", "level": "beginner", "front": "A cell", "back": "ATP",
         "image": "cell.png", "audio": "atp.mp3"},
        {"id": "w", "kind": "flashcard", "level": "beginner", "front": "Web", "back": "link",
         "image": "https://example.org/a.png?x=1&y=2"}]}))
    loaded = load_deck_file(deck_file)
    assert loaded.deck is not None, loaded.problems
    data, plan = export(loaded.deck, folder)
    package = read_package(data)
    assert package.media == {"cell.png": PNG, "atp.mp3": MP3} and plan.warnings == []
    local, web = package.notes
    assert local["fields"] == ['A cell<br><img src="cell.png"><br>[sound:atp.mp3]', "ATP"]
    assert web["fields"] == ['Web<br><img src="https://example.org/a.png?x=1&amp;y=2">', "link"]
    imported = reimport(tmp_path, data, "again")
    assert [(c.front, c.back) for c in imported if isinstance(c, Flashcard)] == [("A cell", "ATP"), ("Web", "link")]
    assert imported[1].image == "https://example.org/a.png?x=1&y=2"
    assert imported[0].image is not None and imported[0].image.endswith(".png")  # content-addressed names
    assert imported[0].audio is not None and imported[0].audio.endswith(".mp3")


def test_a_missing_media_file_is_a_warning_and_left_out(tmp_path: Path) -> None:
    deck = deck_of({"id": "p", "kind": "flashcard", "level": "beginner", "front": "A", "back": "B", "image": "gone.png"})
    data, plan = export(deck, tmp_path)
    assert plan.warnings == ["probe: card 'p': media file 'gone.png' not found; left out"]
    package = read_package(data)
    assert package.media == {} and package.notes[0]["fields"] == ["A", "B"]


def test_two_decks_files_of_one_name_both_reach_the_package(tmp_path: Path) -> None:
    plan = PackagePlan()
    for number, deck_id in enumerate(("one", "two")):
        folder = tmp_path / f"{deck_id}.media"
        folder.mkdir()
        (folder / "diagram.png").write_bytes(PNG + bytes([number]))
        deck = deck_of({"id": "p", "kind": "flashcard", "level": "beginner", "front": "A", "back": "B",
                        "image": "diagram.png"}, deck_id=deck_id)
        add_deck(plan, deck, media_folder=folder)
        add_deck(plan, deck, media_folder=folder, deck_id_salt="again")  # the same file again: packed once
    buffer = io.BytesIO()
    write_package(plan, buffer)
    package = read_package(buffer.getvalue())
    assert package.media == {"diagram.png": PNG + b"\x00", "diagram-2.png": PNG + b"\x01"}
    assert [note["fields"][0] for note in package.notes] == (
        ['A<br><img src="diagram.png">'] * 2 + ['A<br><img src="diagram-2.png">'] * 2)
