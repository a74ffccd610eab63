"""Reads an Anki package's zip without trusting it: sizes checked before and while inflating.

A zip's central directory can lie (a "zip bomb" declares a few bytes and inflates to gigabytes), so the
declared sizes are checked first and every byte actually produced is counted again while reading, against
the same budget. Member names are only looked up, never used as paths, and only the members asked for
are read. Anything wrong is one ImportFailure naming the package; nothing is written outside the
caller's temporary folder.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

import zstandard

from bot.content.importers.cards import ImportFailure
from bot.core.messages import N_, Marked

CHUNK = 1024 * 1024
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members, an empty zip
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


@dataclass(frozen=True)
class PackageLimits:
    """The issue's limits for packages (terminal import and uploads alike)."""

    packed_bytes: int = 200 * 1024 * 1024  # the .apkg file itself
    unpacked_bytes: int = 200 * 1024 * 1024  # everything inflated, declared and actually read
    ratio: int = 100  # unpacked at most this many times the packed size
    collection_bytes: int = 100 * 1024 * 1024  # the SQLite collection, after zstd for .anki21b
    media_map_bytes: int = 16 * 1024 * 1024
    members: int = 100_000


LIMITS = PackageLimits()


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def looks_like_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


def damaged(what: Marked, error: Exception) -> Marked:
    """"{what} is damaged (why)": the library's own words for why, ours if we wrote them."""
    reason = error.args[0] if error.args and isinstance(error.args[0], Marked) else str(error)
    return Marked(N_("{what} is damaged ({reason})"), what=what, reason=reason)


class SafePackage:
    """An open package: `read` and `copy` count every inflated byte against one budget."""

    def __init__(self, path: Path, limits: PackageLimits | None = None) -> None:
        self.name = path.name
        self.limits = limits = limits or LIMITS  # read at call time, so tests can lower the limits
        try:
            self.packed = path.stat().st_size
        except OSError as error:
            raise self.failure(Marked(N_("can't read the file: {reason}"), reason=str(error.strerror or error))) from error
        if self.packed > limits.packed_bytes:
            raise self.failure(Marked(N_("the package is larger than {size}"), size=_mb(limits.packed_bytes)))
        self.budget = min(limits.unpacked_bytes, limits.ratio * max(self.packed, 1))
        self.used = 0
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise self.failure(Marked(N_("not a readable zip file ({reason})"), reason=str(error))) from error
        infos = self.zip.infolist()
        if len(infos) > limits.members:
            self.close()
            raise self.failure(Marked(N_("the package holds {count} files, more than {limit}"), count=len(infos),
                                      limit=limits.members))
        self.members = {info.filename: info for info in infos}
        declared = sum(info.file_size for info in infos)
        if declared > self.budget:
            self.close()
            raise self.failure(self._over_budget(declared, declares=True))

    def failure(self, message: Marked) -> ImportFailure:
        return ImportFailure([Marked(N_("{file}: {problem}; nothing was imported"), file=self.name, problem=message)])

    def _over_budget(self, size: int, *, declares: bool) -> Marked:
        params = {"size": _mb(size), "limit": _mb(self.limits.unpacked_bytes), "ratio": str(self.limits.ratio),
                  "packed": _mb(self.packed)}
        if declares:
            return Marked(N_("the package declares {size} unpacked; at most {limit} and at most {ratio}x the "
                             "package's own size ({packed}) are allowed (a zip bomb?)"), **params)
        return Marked(N_("the package inflates to more than {size} unpacked; at most {limit} and at most {ratio}x "
                         "the package's own size ({packed}) are allowed (a zip bomb?)"), **params)

    def has(self, member: str) -> bool:
        return member in self.members

    def close(self) -> None:
        self.zip.close()

    def _info(self, member: str) -> zipfile.ZipInfo:
        info = self.members.get(member)
        if info is None:
            raise self.failure(Marked(N_("the package has no file {member}"), member=repr(member)))
        if info.flag_bits & 0x1:
            raise self.failure(Marked(N_("{member} is encrypted"), member=repr(member)))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise self.failure(Marked(N_("{member} uses a compression Anki doesn't write"), member=repr(member)))
        return info

    def chunks(self, member: str, limit: int, what: Marked, zstd: bool = False) -> Iterator[bytes]:
        """The member's bytes (zstd-decoded if asked), at most `limit` of them and within the budget."""
        info = self._info(member)
        if not zstd and info.file_size > limit:
            raise self.failure(Marked(N_("{what} is {size}, more than the {limit} allowed"), what=what,
                                      size=_mb(info.file_size), limit=_mb(limit)))
        produced = 0
        try:
            with self.zip.open(info) as raw:
                stream: IO[bytes] = raw
                if zstd:
                    stream = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
                while chunk := stream.read(CHUNK):
                    produced += len(chunk)
                    self.used += len(chunk)
                    if produced > limit:
                        raise self.failure(Marked(N_("{what} inflates past the {limit} allowed"), what=what,
                                                  limit=_mb(limit)))
                    if not zstd and produced > info.file_size:
                        raise self.failure(Marked(N_("{member} inflates past the size it declares (a zip bomb?)"),
                                                  member=repr(member)))
                    if self.used > self.budget:
                        raise self.failure(self._over_budget(self.used, declares=False))
                    yield chunk
        except ImportFailure:
            raise
        except zipfile.BadZipFile as error:
            if "CRC" in str(error):  # zipfile stops at the declared size, then the checksum can't match
                raise self.failure(Marked(N_(
                    "{member} doesn't match its declared size and checksum (a zip bomb, or a damaged package)"),
                    member=repr(member))) from error
            raise self.failure(damaged(what, error)) from error
        except (zlib.error, zstandard.ZstdError, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise self.failure(damaged(what, error)) from error

    def read(self, member: str, limit: int, what: Marked, zstd: bool = False) -> bytes:
        return b"".join(self.chunks(member, limit, what, zstd))

    def copy(self, member: str, target: BinaryIO, limit: int, what: Marked, zstd: bool = False) -> int:
        written = 0
        for chunk in self.chunks(member, limit, what, zstd):
            target.write(chunk)
            written += len(chunk)
        return written
