"""Writing an Anki package (.apkg) from a `PackagePlan`, with genanki.

genanki (and the PyYAML it imports) is loaded only here, inside the function that writes: the terminal's
`content export` calls `write_package` in its own process; the bot never imports this module's writer
and asks a short-lived child (`python -m bot.content.anki_package`, JSON in, the package's bytes out,
under CPU and memory limits) through `build_package_isolated`, so the bot's memory stays as it was.

The package is the legacy format (`collection.anki2`, schema 11) that every Anki version and
AnkiDroid/AnkiMobile import; media files are stored as `0`, `1`, ... with the JSON map `media`, as Anki
writes them.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import IO, Any

from bot.content.anki_notes import AnkiDeckPlan, PackagePlan

CHILD_CPU_SECONDS = 60
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024  # address space
TIMEOUT_SECONDS = 90.0
# Anki's default look; pre-wrap keeps a card's runs of spaces and indentation as written.
CSS = """.card {
 font-family: arial;
 font-size: 20px;
 text-align: center;
 color: black;
 background-color: white;
 white-space: pre-wrap;
}
"""


class PackageBuildFailed(Exception):
    """The writer child crashed, timed out or wrote more than allowed: nothing is sent."""


def _models(deck: AnkiDeckPlan) -> tuple[Any, Any]:
    import genanki

    basic = genanki.Model(
        deck.model_id, deck.model_name,
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],  # i18n: not shown (Anki's template syntax)
        css=CSS,
    )
    cloze = genanki.Model(
        deck.cloze_model_id, f"{deck.model_name} cloze",
        fields=[{"name": "Text"}, {"name": "Back Extra"}],  # i18n: not shown (Anki's own cloze field names)
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Back Extra}}"}],  # i18n: not shown (Anki's template syntax)
        css=CSS, model_type=genanki.Model.CLOZE,
    )
    return basic, cloze


def write_package(plan: PackagePlan, target: IO[bytes], *, timestamp: float | None = None) -> None:
    """Write the package to `target` (a file opened for writing in binary)."""
    import genanki

    decks = []
    for planned in plan.decks:
        basic, cloze = _models(planned)
        deck = genanki.Deck(planned.deck_id, planned.name, planned.description)
        for note in planned.notes:
            deck.add_note(genanki.Note(model=cloze if note.cloze else basic, fields=[note.front, note.back],
                                       tags=list(note.tags), guid=note.guid))
        decks.append(deck)
    package = genanki.Package(decks)
    stamp = time.time() if timestamp is None else timestamp
    with tempfile.TemporaryDirectory(prefix="recall-apkg-out-") as folder:
        collection = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:  # genanki's write_to_file leaves its temporary database behind; this one is removed
            package.write_to_db(connection.cursor(), stamp, itertools.count(int(stamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        names = sorted(plan.media)
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", json.dumps({str(i): name for i, name in enumerate(names)}))
            for number, name in enumerate(names):
                archive.write(plan.media[name], str(number))


async def build_package_isolated(plan: PackagePlan, *, max_bytes: int, timestamp: float) -> bytes | None:
    """The package's bytes, written by a child process; None when it would be larger than `max_bytes`."""
    from bot.content.isolated import run_child

    request = json.dumps({"plan": plan.to_json(), "max_bytes": max_bytes, "timestamp": timestamp}).encode("utf-8")
    run = await run_child("bot.content.anki_package", request, TIMEOUT_SECONDS)
    if run is None:
        raise PackageBuildFailed(f"writing the package took longer than {TIMEOUT_SECONDS:.0f} s")  # i18n: not shown (logged by its callers)
    if run.returncode == 3:
        return None
    if run.returncode != 0 or not run.out.startswith(b"PK"):
        tail = run.err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]  # i18n: not shown (logged)
        raise PackageBuildFailed(f"the package writer stopped ({run.returncode}): {tail[0][:200]}")  # i18n: not shown (logged by its callers)
    return run.out


def _child_main() -> int:
    import io
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_SECONDS, CHILD_CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    buffer = io.BytesIO()
    write_package(PackagePlan.from_json(request["plan"]), buffer, timestamp=float(request["timestamp"]))
    if buffer.tell() > int(request["max_bytes"]):
        return 3
    sys.stdout.buffer.write(buffer.getvalue())
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
