"""Database URLs as SQLAlchemy writes them: `sqlite:///relative.db`, `sqlite:////absolute.db`."""

from __future__ import annotations

import os
from pathlib import Path

from bot.core.errors import BadDatabaseUrl

ENV_VAR = "RECALL_DATABASE_URL"
DEFAULT_URL = "sqlite:///data/recall.db"
_PREFIX = "sqlite:///"


def resolve_database_url(url: str | None) -> str:
    """The URL to use: the argument, else the environment variable, else ./data/recall.db."""
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL


def database_path(url: str) -> Path:
    """The file a URL names; relative paths are relative to the working directory."""
    if not url.startswith(_PREFIX):
        raise BadDatabaseUrl(
            f"{ENV_VAR} must look like sqlite:///data/recall.db (relative) or sqlite:////var/recall.db "
            f"(absolute); got {url[:100]!r}"
        )
    rest = url[len(_PREFIX):].split("?", 1)[0]
    if not rest or rest.endswith("/") or "\x00" in rest:
        raise BadDatabaseUrl(f"the database URL {url[:100]!r} names no file")
    if rest == ":memory:":
        raise BadDatabaseUrl("an in-memory database would lose every answer; give a file path")
    return Path(rest)
