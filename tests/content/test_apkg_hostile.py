"""Hostile and broken Anki packages: each gives one clear error, and nothing is written anywhere."""

from __future__ import annotations

import json
import random
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import zstandard

from bot.content.importers import ImportFailure, apkg_collection, apkg_zip, import_deck
from bot.content.importers.apkg_zip import PackageLimits
from tests.content.apkg_builder import BASIC, NoteSpec, build_package, write_collection

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The importer's temporary files go to a folder of this test, checked empty afterwards."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    assert list(folder.iterdir()) == []


def refused(source: Path, tmp_path: Path) -> str:
    """Import `source`: it must fail with one problem, leaving the output folder empty."""
    out = tmp_path / "content"
    out.mkdir(exist_ok=True)
    with pytest.raises(ImportFailure) as failure:
        import_deck(source, output_name=str(out / "deck.yaml"), progress=False)
    assert len(failure.value.problems) == 1
    assert list(out.iterdir()) == []
    problem = failure.value.problems[0]
    assert problem.startswith(f"{source.name}: ") and problem.endswith("; nothing was imported")
    return problem


def a_collection(tmp_path: Path) -> bytes:
    database = tmp_path / "one.anki2"
    write_collection(database, [NoteSpec(BASIC, ["front", "back"])], "Deck", schema18=False)
    data = database.read_bytes()
    database.unlink()
    return data


def zip_of(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def test_a_member_that_lies_about_its_size_is_refused(tmp_path: Path) -> None:
    source = zip_of(tmp_path / "bomb.apkg", {"collection.anki2": a_collection(tmp_path) + bytes(4 * 1024 * 1024)})
    raw = bytearray(source.read_bytes())
    # Declare 1,000 bytes in the central directory (and the local header): the real data inflates to MBs.
    central = raw.rindex(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 24, 1000)
    struct.pack_into("<I", raw, 22, 1000)
    source.write_bytes(bytes(raw))
    assert "doesn't match its declared size and checksum (a zip bomb" in refused(source, tmp_path)


def test_a_huge_ratio_is_refused_before_anything_is_inflated(tmp_path: Path) -> None:
    source = zip_of(tmp_path / "ratio.apkg", {"collection.anki2": a_collection(tmp_path), "0": bytes(20 * 1024 * 1024)})
    problem = refused(source, tmp_path)
    assert "declares 20 MB unpacked" in problem and "100x the package's own size" in problem


def test_a_zstd_collection_inflating_past_the_limits_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = zstandard.ZstdCompressor().compress(a_collection(tmp_path) + bytes(8 * 1024 * 1024))
    source = zip_of(tmp_path / "zstd.apkg", {"collection.anki21b": bomb, "media": b""})
    # The zip declares the small compressed member honestly; zstd's output is counted while reading.
    assert "the package inflates to more than 1 MB unpacked" in refused(source, tmp_path)
    monkeypatch.setattr(apkg_zip, "LIMITS", PackageLimits(collection_bytes=2 * 1024 * 1024, ratio=1_000_000))
    assert "the collection inflates past the 2 MB allowed" in refused(source, tmp_path)


def test_a_collection_over_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = build_package(tmp_path / "big.apkg", [NoteSpec(BASIC, [f"q{n}" * 50, "a"]) for n in range(300)])
    monkeypatch.setattr(apkg_zip, "LIMITS", PackageLimits(collection_bytes=16 * 1024))
    assert "the collection is" in refused(source, tmp_path) and "more than the 16,384 bytes allowed" in refused(
        source, tmp_path
    )


@pytest.mark.parametrize("name", ["../../etc/x", "/etc/passwd", "..", "a\\b.png", "x\x00.png"])
def test_media_names_that_are_paths_are_refused(tmp_path: Path, name: str) -> None:
    notes = [NoteSpec(BASIC, ["front", f'<img src="{name}">'])]
    source = build_package(tmp_path / "traversal.apkg", notes, {name: b"evil"})
    assert "is not a plain file name (path traversal?)" in refused(source, tmp_path)
    assert not (tmp_path / "etc").exists()


def test_a_newer_package_with_a_traversal_name_is_refused(tmp_path: Path) -> None:
    notes = [NoteSpec(BASIC, ["front", '<img src="../../etc/x">'])]
    source = build_package(tmp_path / "new.apkg", notes, {"../../etc/x": b"evil"}, fmt="anki21b")
    assert "'../../etc/x' is not a plain file name" in refused(source, tmp_path)


@pytest.mark.parametrize(
    "collection",
    [b"SQLite format 3\x00" + bytes(2000), b"this is not a database at all" * 100],
    ids=["truncated", "garbage"],
)
def test_a_corrupt_database_is_refused(tmp_path: Path, collection: bytes) -> None:
    source = zip_of(tmp_path / "corrupt.apkg", {"collection.anki2": collection, "media": b"{}"})
    assert "the collection is not a readable Anki database" in refused(source, tmp_path)


def test_a_damaged_page_inside_a_real_database_is_refused(tmp_path: Path) -> None:
    data = bytearray(a_collection(tmp_path))
    data[4096:8192] = b"\xff" * 4096  # the second page (a table's root) overwritten
    source = zip_of(tmp_path / "damaged.apkg", {"collection.anki2": bytes(data), "media": b"{}"})
    assert "the collection is not a readable Anki database" in refused(source, tmp_path)


def test_a_view_in_place_of_a_table_is_never_run(tmp_path: Path) -> None:
    database = tmp_path / "view.anki2"
    write_collection(database, [NoteSpec(BASIC, ["front", "back"])], "Deck", schema18=False)
    with sqlite3.connect(database) as connection:  # an endless view where the notes should be
        connection.executescript(
            "DROP TABLE notes; CREATE VIEW notes AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)"
            " SELECT n AS id, 1001 AS mid, '' AS tags, 'a' AS flds FROM r;"
        )
    connection.close()
    source = zip_of(tmp_path / "view.apkg", {"collection.anki2": database.read_bytes(), "media": b"{}"})
    database.unlink()
    assert "not a readable Anki database (no table notes)" in refused(source, tmp_path)


def test_a_number_where_a_settings_blob_belongs_allocates_nothing(tmp_path: Path) -> None:
    database = tmp_path / "numbers.anki21b"
    write_collection(database, [NoteSpec(BASIC, ["front", "back"])], "Deck", schema18=True)
    with sqlite3.connect(database) as connection:  # bytes(10**12) would ask for a terabyte
        connection.execute("UPDATE notetypes SET config = 1000000000000")
    connection.close()
    packed = zstandard.ZstdCompressor().compress(database.read_bytes())
    database.unlink()
    source = zip_of(tmp_path / "numbers.apkg", {"collection.anki21b": packed})
    assert "a note type's settings are not a blob" in refused(source, tmp_path)


def test_reading_the_collection_is_cut_off_after_its_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apkg_collection, "READ_SECONDS", -1)
    monkeypatch.setattr(apkg_collection, "PROGRESS_STEPS", 1)
    source = build_package(tmp_path / "slow.apkg", [NoteSpec(BASIC, ["front", "back"])])
    assert "reading the collection took more than -1 s" in refused(source, tmp_path)


def test_a_zip_that_is_not_an_anki_package_is_refused(tmp_path: Path) -> None:
    source = zip_of(tmp_path / "photos.zip", {"holiday.jpg": b"\xff\xd8 not a deck"})
    assert "no Anki collection inside" in refused(source, tmp_path)


def test_a_listed_media_file_missing_from_the_package_is_refused(tmp_path: Path) -> None:
    notes = [NoteSpec(BASIC, ["front", '<img src="cell.png"> back'])]
    source = build_package(tmp_path / "missing.apkg", notes, {}, media_names=["cell.png"])
    assert "the media file 'cell.png' is listed but missing from the package" in refused(source, tmp_path)


def test_a_damaged_media_list_is_refused(tmp_path: Path) -> None:
    source = zip_of(tmp_path / "list.apkg", {"collection.anki2": a_collection(tmp_path), "media": b"{not json"})
    assert "the media list is damaged" in refused(source, tmp_path)
    listed = zip_of(tmp_path / "list2.apkg", {"collection.anki2": a_collection(tmp_path), "media": json.dumps([1]).encode()})
    assert "the media list is damaged" in refused(listed, tmp_path)


@pytest.mark.parametrize("content", [b"PK\x03\x04" + b"\x00" * 100, b"front,back\nA,B\n"], ids=["zip-header", "text"])
def test_a_package_that_is_not_a_zip_is_refused(tmp_path: Path, content: bytes) -> None:
    source = tmp_path / "fake.apkg"
    source.write_bytes(content)
    assert "not a readable zip file" in refused(source, tmp_path)


def test_the_cli_reports_one_error_and_writes_nothing(tmp_path: Path) -> None:
    source = build_package(tmp_path / "evil.apkg", [NoteSpec(BASIC, ["f", '<img src="../x">'])], {"../x": b"x"})
    content = tmp_path / "content"
    content.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "bot", "content", "import", str(source), "--to", str(content / "evil.yaml")],
        cwd=REPOSITORY, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert "'../x' is not a plain file name (path traversal?); nothing was imported" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(content.iterdir()) == []


@pytest.mark.parametrize("fmt", ["anki2", "anki21b"])
def test_damaged_packages_give_an_import_failure_never_a_crash(tmp_path: Path, fmt: str) -> None:
    """Bytes changed at random (a fixed seed): every result is a deck or one ImportFailure (a fuzz run of
    8,000 such packages found zipfile's NotImplementedError for odd versions and flags, now mapped)."""
    notes = [NoteSpec(BASIC, ["What makes ATP?", 'The <b>mito</b><img src="cell.png">'], ["bio"])]
    base = build_package(tmp_path / "base.apkg", notes, {"cell.png": b"\x89PNG" * 50}, fmt=fmt).read_bytes()
    rng = random.Random(7)
    outcomes = set()
    for _ in range(150):
        data = bytearray(base)
        for _ in range(rng.choice([1, 2, 4, 16])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        source = tmp_path / "damaged.apkg"
        source.write_bytes(bytes(data[: rng.randrange(len(data))] if rng.random() < 0.1 else data))
        try:
            result = import_deck(source, output_name=str(tmp_path / "out.yaml"), progress=False)
        except ImportFailure as failure:
            assert len(failure.problems) == 1
            outcomes.add("refused")
        else:
            if result.media is not None:
                result.media.discard()
            outcomes.add("imported")
    assert "refused" in outcomes
