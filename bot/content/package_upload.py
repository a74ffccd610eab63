"""An Anki package sent to `/deck upload`, turned into one deck's YAML in a short-lived child process.

The package is untrusted binary input (a zip, a SQLite file, zstd streams): it is converted by the same
importer as `python -m bot content import`, in a child under CPU and memory limits, never in the bot's
process; the child answers with JSON (text only), and the YAML then goes through the ordinary upload
checks and quota. Uploads keep no media yet (the picture and sound files are left out, with a warning), and a
package that would split into several decks is refused rather than stored in part.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path

CHILD_CPU_SECONDS = 120
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024  # address space; a 30 MB collection peaks near 170 MiB resident
TIMEOUT_SECONDS = 180.0
PackageResult = tuple[str | None, list[str], list[str]]  # the deck's YAML (None on errors), errors, warnings
SHOWN_NOTES = 5


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
            imported = import_deck(source, output_name=f"{stem}.yaml", format="apkg", progress=False,
                                   media_on_cards=False)
        except ImportFailure as failure:
            return None, failure.problems, []
    left_out = len(imported.media.names) if imported.media is not None else 0
    if imported.media is not None:
        imported.media.discard()
    if len(imported.files) > 1:
        cards = sum(len(file.deck.cards) for file in imported.files)
        return None, [
            f"{source.name}: its {cards:,} cards make {len(imported.files)} decks of at most {MAX_CARDS_PER_SPLIT:,} "
            "cards; upload a smaller Anki deck (export one subdeck), or ask the bot's host to import it with "
            "`python -m bot content import`; nothing was stored"
        ], []
    warnings = [warning for warning in imported.warnings if "saved to the deck's media folder" not in warning]
    if left_out:
        warnings.append(f"{left_out} picture or sound file(s) of the notes were left out: uploaded decks keep no media yet")
    warnings += imported.notes[:SHOWN_NOTES]
    return imported.yaml_text, [], warnings


async def convert_package_isolated(data: bytes, filename: str) -> PackageResult:
    """`package_to_deck_text` in a child process; a crash or a timeout is one error, nothing stored."""
    from bot.content.isolated import child_env

    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.content.package_upload", filename[:100],
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env=child_env(),
    )
    try:
        out, _ = await asyncio.wait_for(process.communicate(data), TIMEOUT_SECONDS)
    except TimeoutError:
        process.kill()
        await process.wait()
        return None, [f"reading the package took longer than {TIMEOUT_SECONDS:.0f} s; nothing was stored"], []
    try:
        answer = json.loads(out.decode("utf-8")) if process.returncode == 0 else None
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or not _well_formed(answer):
        return None, ["the package could not be read (the converter stopped); nothing was stored"], []
    return answer["yaml"], answer["errors"], answer["warnings"]


async def convert_package_here(data: bytes, filename: str) -> PackageResult:
    """The same in this process (tests that want no child)."""
    return package_to_deck_text(data, filename)


def _well_formed(answer: object) -> bool:
    return (
        isinstance(answer, dict)
        and (answer.get("yaml") is None or isinstance(answer.get("yaml"), str))
        and all(isinstance(answer.get(key), list) and all(isinstance(line, str) for line in answer[key])
                for key in ("errors", "warnings"))
    )


def _child_main() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_SECONDS, CHILD_CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
    filename = sys.argv[1] if len(sys.argv) > 1 else "deck.apkg"
    text, errors, warnings = package_to_deck_text(sys.stdin.buffer.read(), filename)
    sys.stdout.write(json.dumps({"yaml": text, "errors": errors, "warnings": warnings}))
    sys.stdout.flush()


if __name__ == "__main__":
    _child_main()
