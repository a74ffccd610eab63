"""What a database URL means, for the bot and every terminal command: one parser, one default, one message.

`RECALL_DATABASE_URL` and every `--database` option take the same URLs, in SQLAlchemy's spelling:
`sqlite:///relative/path` (relative to the working directory) or `sqlite:////absolute/path`. Anything
else (a bare path, `sqlite+aiosqlite://`, a host, `:memory:`, query options) is refused with the same
message, so a URL that one command accepts is never refused by another.

`BACKENDS` is the seam for another database: a scheme maps to the backend that serves it. A scheme
whose backend is not written yet (PostgreSQL) is recognised and refused, saying what is accepted.
This module lives outside `bot/storage` so the settings and the terminal commands can use it without
importing the storage layer; the storage layer imports it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.core.errors import BadDatabaseUrl
from bot.core.messages import N_, Marked

DEFAULT_DATABASE_URL = "sqlite:///data/recall.db"
ENV_VAR = "RECALL_DATABASE_URL"
ACCEPTED = N_("sqlite:///relative/path or sqlite:////absolute/path (for example sqlite:////data/recall.db)")
# scheme -> the backend that serves it; None: a database Recall may support one day, refused for now.
BACKENDS: dict[str, str | None] = {
    "sqlite": "sqlite",
    "postgresql": None,
    "postgres": None,
}
_SHOWN_MAX = 100


class DatabaseUrlError(BadDatabaseUrl, ValueError):
    """A URL no command accepts; the message names it, says why and lists the accepted forms."""

    def __init__(self, url: str, reason: Marked) -> None:
        """`reason`: why, as a marked message (translated with the whole)."""
        shown = url if len(url) <= _SHOWN_MAX else url[: _SHOWN_MAX - 1] + "…"
        super().__init__(N_("can't use the database URL (RECALL_DATABASE_URL or --database) {url}: {reason}. Use {accepted}"),
                         url=repr(shown), reason=reason, accepted=Marked(ACCEPTED))
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class DatabaseUrl:
    url: str
    backend: str
    path: Path


def parse_database_url(url: str) -> DatabaseUrl:
    """The backend and file a URL names, or `DatabaseUrlError`."""
    text = str(url).strip()
    if not text:
        raise DatabaseUrlError(text, Marked(N_("it is empty")))
    scheme, separator, rest = text.partition("://")
    if not separator:
        raise DatabaseUrlError(text, Marked(N_("it is not a URL (a bare path is not accepted; write it as a URL)")))
    if scheme not in BACKENDS:
        raise DatabaseUrlError(text, Marked(N_("the scheme {scheme} is not supported"), scheme=repr(scheme[:30])))
    backend = BACKENDS[scheme]
    if backend is None:
        raise DatabaseUrlError(text, not_supported_yet(scheme))
    if not rest.startswith("/"):
        raise DatabaseUrlError(text, Marked(N_("SQLite takes no host: put three slashes before a relative path")))
    path = rest[1:]
    if "?" in path or "#" in path:
        raise DatabaseUrlError(text, Marked(N_("options after ? or # are not supported")))
    if not path or path.endswith("/") or "\x00" in path:
        raise DatabaseUrlError(text, Marked(N_("it names no file")))
    if path == ":memory:":
        raise DatabaseUrlError(text, Marked(N_("an in-memory database would lose every answer")))
    return DatabaseUrl(text, backend, Path(path))


def not_supported_yet(backend: str) -> Marked:
    """The reason a URL of a database Recall may serve one day is refused."""
    return Marked(N_("{backend} databases are not supported yet"), backend=backend)


def file_url(path: Path) -> str:
    """The URL of a database file (`/data/recall.db` -> `sqlite:////data/recall.db`): backups and restores
    work on files, and a file is a SQLite database."""
    return f"sqlite:///{path}"


def database_path_from_url(url: str) -> Path:
    """The SQLite file a URL names (`sqlite:////data/recall.db` -> /data/recall.db)."""
    return parse_database_url(url).path


def resolve_database_url(url: str | None) -> str:
    """The URL to use: the argument, else the environment variable, else the default.

    The front ends always pass the URL `bot.settings` read (which also reads `.env`); the fallback is
    for library callers that pass None.
    """
    return url or os.environ.get(ENV_VAR) or DEFAULT_DATABASE_URL
