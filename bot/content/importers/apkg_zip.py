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


class SafePackage:
    """An open package: `read` and `copy` count every inflated byte against one budget."""

    def __init__(self, path: Path, limits: PackageLimits | None = None) -> None:
        self.name = path.name
        self.limits = limits = limits or LIMITS  # read at call time, so tests can lower the limits
        try:
            self.packed = path.stat().st_size
        except OSError as error:
            raise self.failure(f"can't read the file: {error.strerror or error}") from error
        if self.packed > limits.packed_bytes:
            raise self.failure(f"the package is larger than {_mb(limits.packed_bytes)}")
        self.budget = min(limits.unpacked_bytes, limits.ratio * max(self.packed, 1))
        self.used = 0
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise self.failure(f"not a readable zip file ({error})") from error
        infos = self.zip.infolist()
        if len(infos) > limits.members:
            self.close()
            raise self.failure(f"the package holds {len(infos):,} files, more than {limits.members:,}")
        self.members = {info.filename: info for info in infos}
        declared = sum(info.file_size for info in infos)
        if declared > self.budget:
            self.close()
            raise self.failure(self._over_budget(declared, "declares"))

    def failure(self, message: str) -> ImportFailure:
        return ImportFailure([f"{self.name}: {message}; nothing was imported"])

    def _over_budget(self, size: int, verb: str) -> str:
        return (
            f"the package {verb} {_mb(size)} unpacked; at most {_mb(self.limits.unpacked_bytes)} and at most "
            f"{self.limits.ratio}x the package's own size ({_mb(self.packed)}) are allowed (a zip bomb?)"
        )

    def has(self, member: str) -> bool:
        return member in self.members

    def close(self) -> None:
        self.zip.close()

    def _info(self, member: str) -> zipfile.ZipInfo:
        info = self.members.get(member)
        if info is None:
            raise self.failure(f"the package has no file {member!r}")
        if info.flag_bits & 0x1:
            raise self.failure(f"{member!r} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise self.failure(f"{member!r} uses a compression Anki doesn't write")
        return info

    def chunks(self, member: str, limit: int, what: str, zstd: bool = False) -> Iterator[bytes]:
        """The member's bytes (zstd-decoded if asked), at most `limit` of them and within the budget."""
        info = self._info(member)
        if not zstd and info.file_size > limit:
            raise self.failure(f"{what} is {_mb(info.file_size)}, more than the {_mb(limit)} allowed")
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
                        raise self.failure(f"{what} inflates past the {_mb(limit)} allowed")
                    if not zstd and produced > info.file_size:
                        raise self.failure(f"{member!r} inflates past the size it declares (a zip bomb?)")
                    if self.used > self.budget:
                        raise self.failure(self._over_budget(self.used, "inflates to more than"))
                    yield chunk
        except ImportFailure:
            raise
        except zipfile.BadZipFile as error:
            if "CRC" in str(error):  # zipfile stops at the declared size, then the checksum can't match
                raise self.failure(
                    f"{member!r} doesn't match its declared size and checksum (a zip bomb, or a damaged package)"
                ) from error
            raise self.failure(f"{what} is damaged ({error})") from error
        except (zlib.error, zstandard.ZstdError, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise self.failure(f"{what} is damaged ({error})") from error

    def read(self, member: str, limit: int, what: str, zstd: bool = False) -> bytes:
        return b"".join(self.chunks(member, limit, what, zstd))

    def copy(self, member: str, target: BinaryIO, limit: int, what: str, zstd: bool = False) -> int:
        written = 0
        for chunk in self.chunks(member, limit, what, zstd):
            target.write(chunk)
            written += len(chunk)
        return written
