"""Turn `RECALL_DATABASE_URL` into a file path, for the commands that work on the file itself."""

from __future__ import annotations

from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///data/recall.db"
_PREFIXES = ("sqlite+aiosqlite://", "sqlite://")


class DatabaseUrlError(ValueError):
    """The URL names no SQLite file (a typo, another database engine, or an in-memory database)."""


def database_path_from_url(url: str) -> Path:
    """`sqlite:////data/recall.db` -> /data/recall.db; `sqlite:///data/recall.db` -> data/recall.db.

    Three slashes then a relative path, four for an absolute one (the SQLAlchemy convention).
    A bare path is accepted too.
    """
    text = url.strip()
    if not text:
        raise DatabaseUrlError("RECALL_DATABASE_URL is empty; expected e.g. sqlite:////data/recall.db")
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            rest = text[len(prefix) :]
            if not rest.startswith("/"):
                raise DatabaseUrlError(f"{url!r}: expected sqlite:///relative/path or sqlite:////absolute/path")
            text = rest[1:].split("?", 1)[0]
            break
    else:
        if text.lower().startswith("sqlite:"):
            raise DatabaseUrlError(f"{url!r}: expected sqlite:///relative/path or sqlite:////absolute/path")
        if "://" in text:
            raise DatabaseUrlError(f"{url!r}: only SQLite is supported (sqlite:////data/recall.db)")
    if text in {"", ":memory:"}:
        raise DatabaseUrlError(f"{url!r} names no database file")
    return Path(text)
