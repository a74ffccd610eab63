"""An Anki package sent to `/deck upload`, turned into one deck's YAML in a short-lived child process.

The package is untrusted binary input (a zip, a SQLite file, zstd streams): it is converted by the same
importer as `python -m bot content import`, in a child under CPU and memory limits, never in the bot's
process; the child answers with JSON (text only), and the YAML then goes through the ordinary upload
checks and quota. The picture and sound files the cards name come back too: after the JSON line, their
bytes one after another (sizes in the JSON), each verified against its name (sha256 + extension) here; the
upload stores them with the deck under the server's media quota. A package that would split into several
decks is refused rather than stored in part.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bot.content.media import named_files
from bot.core.messages import N_, Marked, from_data, to_data

CHILD_CPU_SECONDS = 120
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024  # address space; a 30 MB collection peaks near 170 MiB resident
TIMEOUT_SECONDS = 180.0
MAX_PACKAGE_MEDIA_BYTES = 100 * 1024 * 1024  # a server's whole media quota (bot.core.limits)
SHOWN_NOTES = 5
_MEDIA_NAME = re.compile(r"^[0-9a-f]{64}(\.[a-z0-9]{1,10})?$")


@dataclass(frozen=True)
class PackageResult:
    text: str | None  # the deck's YAML (None on errors)
    errors: list[str]
    warnings: list[str]
    media: dict[str, bytes] = field(default_factory=dict)  # the files its cards name, by stored name


def is_package(filename: str, data: bytes) -> bool:
    return filename.lower().endswith((".apkg", ".colpkg")) or data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def package_to_deck_text(data: bytes, filename: str) -> PackageResult:
    """The conversion itself (in whichever process calls it)."""
    from bot.content.importers import ImportFailure, import_deck
    from bot.content.importers.split import MAX_CARDS_PER_SPLIT
    from bot.content.importers.text import slugify

    stem = slugify(Path(filename).stem, 32) or "anki-deck"
    with tempfile.TemporaryDirectory(prefix="recall-upload-") as folder:
        source = Path(folder) / f"{stem}.apkg"  # the member's file name is never used as a path
        source.write_bytes(data)
        try:
            imported = import_deck(source, output_name=f"{stem}.yaml", format="apkg", progress=False)
        except ImportFailure as failure:
            return PackageResult(None, failure.problems, [])
    try:
        if len(imported.files) > 1:
            cards = sum(len(file.deck.cards) for file in imported.files)
            return PackageResult(None, [Marked(N_(
                "{file}: its {cards} cards make {decks} decks of at most {limit} cards; upload a smaller Anki deck "
                "(export one subdeck), or ask the bot's host to import it with `python -m bot content import`; "
                "nothing was stored"), file=source.name, cards=cards, decks=str(len(imported.files)),
                limit=MAX_CARDS_PER_SPLIT)], [])
        named = {name for card in imported.deck.cards for _kind, name in named_files(card)}
        stage = imported.media
        media = {name: (stage.folder / name).read_bytes() for name in sorted(named)} if stage is not None else {}
        left_out = len(stage.names) - len(media) if stage is not None else 0
    finally:
        if imported.media is not None:
            imported.media.discard()
    total = sum(len(file) for file in media.values())
    if total > MAX_PACKAGE_MEDIA_BYTES:
        return PackageResult(None, [Marked(N_(
            "{file}: its cards' pictures and sounds are {size} MiB; a server keeps at most {limit} MiB of media; "
            "nothing was stored"), file=source.name, size=f"{total / 2**20:.1f}", limit=MAX_PACKAGE_MEDIA_BYTES // 2**20)],
            [])
    saved = "saved to the deck's media folder"  # i18n: not shown (matches the importer's English warning)
    warnings = [warning for warning in imported.warnings if saved not in warning]
    if left_out:
        warnings.append(Marked(N_("{count} picture or sound file(s) of the notes were left out: a card shows one "
                                  "picture and plays one sound, of a type Discord shows"), count=str(left_out)))
    warnings += imported.notes[:SHOWN_NOTES]
    return PackageResult(imported.yaml_text, [], warnings, media)


async def convert_package_isolated(data: bytes, filename: str) -> PackageResult:
    """`package_to_deck_text` in a child process; a crash, a timeout or an answer that doesn't hold
    together (a file whose bytes don't match its name) is one error, nothing stored."""
    from bot.content.isolated import run_child

    run = await run_child("bot.content.package_upload", data, TIMEOUT_SECONDS, filename[:100])
    if run is None:
        return PackageResult(None, [Marked(N_("reading the package took longer than {seconds} s; nothing was stored"),
                                           seconds=f"{TIMEOUT_SECONDS:.0f}")], [])
    result = _read_answer(run.out) if run.returncode == 0 else None
    if result is None:
        return PackageResult(None, [Marked(N_("the package could not be read (the converter stopped); nothing was "
                                              "stored"))], [])
    return result


async def convert_package_here(data: bytes, filename: str) -> PackageResult:
    """The same in this process (tests that want no child)."""
    return package_to_deck_text(data, filename)


def _read_answer(out: bytes) -> PackageResult | None:
    """The child's answer: one JSON line, then the media files' bytes in the order and sizes it lists."""
    line_end = out.find(b"\n")
    try:
        answer = json.loads(out[:line_end].decode("utf-8")) if line_end >= 0 else None
    except ValueError:
        return None
    if not isinstance(answer, dict) or not _well_formed(answer):
        return None
    view, at, media = memoryview(out), line_end + 1, {}
    for name, size in answer["media"]:
        file = bytes(view[at:at + size])
        at += size
        if len(file) != size or not _MEDIA_NAME.match(name) or hashlib.sha256(file).hexdigest() != name[:64]:
            return None
        media[name] = file
    if at != len(out):
        return None
    try:
        errors, warnings = [from_data(line) for line in answer["errors"]], [from_data(line) for line in answer["warnings"]]
    except ValueError:
        return None
    return PackageResult(answer["yaml"], errors, warnings, media)


def _well_formed(answer: dict[str, object]) -> bool:
    media = answer.get("media")
    return (
        (answer.get("yaml") is None or isinstance(answer.get("yaml"), str))
        and all(isinstance(answer.get(key), list) for key in ("errors", "warnings"))
        and isinstance(media, list)
        and all(isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], int)
                and 0 <= item[1] <= MAX_PACKAGE_MEDIA_BYTES for item in media)
    )


def _child_main() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_SECONDS, CHILD_CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
    filename = sys.argv[1] if len(sys.argv) > 1 else "deck.apkg"
    result = package_to_deck_text(sys.stdin.buffer.read(), filename)
    media = list(result.media.items())
    head = {"yaml": result.text, "errors": [to_data(line) for line in result.errors],
            "warnings": [to_data(line) for line in result.warnings],
            "media": [[name, len(file)] for name, file in media]}
    sys.stdout.buffer.write(json.dumps(head).encode("utf-8") + b"\n")  # json.dumps escapes every newline
    for _name, file in media:
        sys.stdout.buffer.write(file)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _child_main()
