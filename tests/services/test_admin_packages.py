"""/deck upload of an Anki package, through the services on each backend (SQLite, PostgreSQL), converted in the real
child process: one deck stored (a file that isn't what its name says left out, said so), hostile or too-big
packages refused whole. Packages whose media are kept: tests/services/test_server_media.py."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.content.package_upload import is_package, package_to_deck_text
from bot.core.deck import ClozeCard
from bot.services.admin import DeckRejected
from bot.services.api import Learner
from bot.services.bundle import Services
from tests.content.apkg_builder import BASIC, CLOZE, REVERSED, NoteSpec, build_package
from tests.services.test_admin import ADMIN, ALICE, GUILD, NOW, OTHER

NOTES = [
    NoteSpec(BASIC, ["What makes ATP?", 'The mitochondria <img src="cell.png">'], ["biology"]),
    NoteSpec(REVERSED, ["perro", "dog"], ["spanish"]),
    NoteSpec(CLOZE, ["{{c1::Ribosomes}} build {{c2::proteins}}", ""]),
]


async def test_an_anki_package_becomes_one_deck_of_the_server(services: Services, tmp_path: Path) -> None:
    package = build_package(tmp_path / "x.apkg", NOTES, {"cell.png": b"\x89PNG picture"}, fmt="anki21b")
    upload = await services.admin.upload_deck(GUILD, ADMIN, "Cell Biology.apkg", package.read_bytes(), now=NOW)
    assert upload.deck.id == "cell-biology" and upload.deck.title == "Cell biology"
    fronts = [card.front for card in upload.deck.cards[:3]]  # type: ignore[union-attr]
    assert fronts == ["What makes ATP?", "perro", "dog"]
    cloze = upload.deck.cards[3]
    assert isinstance(cloze, ClozeCard) and cloze.text == "{{c1::Ribosomes}} build {{c2::proteins}}"
    assert upload.deck.cards[0].tags == ["biology"]
    assert any("1 picture or sound file(s) of the notes were left out" in w for w in upload.warnings)
    assert not any("flashcards, one per gap" in w for w in upload.warnings)
    assert not any("media folder" in w for w in upload.warnings)
    drawn = await services.recall.next_card(Learner(ALICE, GUILD), now=NOW, rng=random.Random(1), deck_id="cell-biology")
    assert drawn.deck_id == "cell-biology"
    assert "cell-biology" not in {d.id for d in services.catalogue.decks(OTHER)}


async def test_a_hostile_package_is_refused_and_nothing_is_stored(services: Services, tmp_path: Path) -> None:
    notes = [NoteSpec(BASIC, ["front", '<img src="../../etc/x">'])]
    package = build_package(tmp_path / "evil.apkg", notes, {"../../etc/x": b"evil"})
    with pytest.raises(DeckRejected) as rejected:
        await services.admin.upload_deck(GUILD, ADMIN, "evil.apkg", package.read_bytes(), now=NOW)
    message = rejected.value.user_message
    assert "`evil.apkg` can't be imported; nothing was stored" in message
    assert "'../../etc/x' is not a plain file name (path traversal?)" in message
    assert "evil" not in {d.id for d in services.catalogue.decks(GUILD)}
    with pytest.raises(DeckRejected, match="not a readable zip file"):
        await services.admin.upload_deck(GUILD, ADMIN, "broken.apkg", b"PK\x03\x04" + bytes(64), now=NOW)


async def test_a_package_that_would_split_is_refused_whole(services: Services, tmp_path: Path) -> None:
    notes = [NoteSpec(BASIC, [f"Question {n}", f"Answer {n}"]) for n in range(1001)]
    package = build_package(tmp_path / "big.apkg", notes)
    with pytest.raises(DeckRejected, match=r"its 1,001 cards make 2 decks of at most 1,000 cards"):
        await services.admin.upload_deck(GUILD, ADMIN, "big.apkg", package.read_bytes(), now=NOW)
    assert not any(d.id.startswith("big") for d in services.catalogue.decks(GUILD))


def test_packages_are_told_from_yaml_by_name_or_zip_header(tmp_path: Path) -> None:
    assert is_package("deck.APKG", b"") and is_package("deck.colpkg", b"")
    assert is_package("deck.yaml", b"PK\x03\x04rest") and not is_package("deck.yaml", b"id: x\n")
    package = build_package(tmp_path / "x.apkg", NOTES[:1])
    result = package_to_deck_text(package.read_bytes(), "../../My Deck!.apkg")
    assert result.errors == [] and result.text is not None and "id: my-deck" in result.text  # the name only makes the id
