"""Media files of an imported package: staged in a temporary folder under content-addressed names
(sha256 of the bytes + a cleaned extension), moved beside the deck only once the decks are written.

The names inside the package are only looked up in its media list; they never become paths, so a name
like `../../etc/x` can't place a file anywhere.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from bot.content.importers.apkg_zip import SafePackage
from bot.core.messages import N_, Marked

_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,10})$")


def stored_name(digest: str, original: str) -> str:
    match = _EXTENSION.search(original)
    return f"{digest}.{match.group(1).lower()}" if match else digest


class MediaStage:
    """Media read from a package, waiting in a temporary folder until `install` (or `discard`)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="recall-media-"))
        self.stored: dict[str, str] = {}  # name in the package -> content-addressed name
        self.bytes = 0

    def add(self, package: SafePackage, original: str, member: str, zstd: bool) -> str:
        if original in self.stored:
            return self.stored[original]
        digest = hashlib.sha256()
        partial = self.folder / f".partial-{len(self.stored)}"
        with partial.open("wb") as target:
            for chunk in package.chunks(member, package.budget, Marked(N_("the media file {name}"), name=repr(original)),
                                        zstd):
                digest.update(chunk)
                target.write(chunk)
                self.bytes += len(chunk)
        name = stored_name(digest.hexdigest(), original)
        os.replace(partial, self.folder / name)
        self.stored[original] = name
        return name

    @property
    def names(self) -> list[str]:
        return sorted(set(self.stored.values()))

    def install(self, target: Path) -> int:
        """Move the files into `target` (created if needed); a file already there has the same bytes
        (its name is its hash) and is kept. Returns how many files were added."""
        target.mkdir(exist_ok=True)
        added = 0
        for name in self.names:
            final = target / name
            if final.exists():
                continue
            temporary = target / f".{name}.tmp"
            shutil.copyfile(self.folder / name, temporary)
            os.replace(temporary, final)
            added += 1
        return added

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
