"""What a database URL means, for the bot and every terminal command: one parser, one default, one message.

`RECALL_DATABASE_URL` and every `--database` option take the same URLs, in SQLAlchemy's spelling:
`sqlite:///relative/path` (relative to the working directory) or `sqlite:////absolute/path`; or a
PostgreSQL server, `postgresql://user:password@host:port/database` (`postgres://` too, as libpq takes
both). Anything else (a bare path, `sqlite+aiosqlite://`, a SQLite host, `:memory:`, SQLite query options)
is refused with the same message, so a URL that one command accepts is never refused by another. A
password is never shown in a message.

`BACKENDS` is the seam for another database: a scheme maps to the backend that serves it. Commands that
work on a file (backup, restore, a SQLite-only report) ask for `database_path_from_url`, which refuses a
PostgreSQL URL saying so.
This module lives outside `bot/storage` so the settings and the terminal commands can use it without
importing the storage layer; the storage layer imports it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.core.errors import BadDatabaseUrl
from bot.core.messages import N_, Marked

DEFAULT_DATABASE_URL = "sqlite:///data/recall.db"
ENV_VAR = "RECALL_DATABASE_URL"
ACCEPTED = N_("sqlite:///relative/path or sqlite:////absolute/path (for example sqlite:////data/recall.db), "
              "or postgresql://user:password@host:port/database")
# scheme -> the backend that serves it
BACKENDS: dict[str, str] = {
    "sqlite": "sqlite",
    "postgresql": "postgresql",
    "postgres": "postgresql",
}
_SHOWN_MAX = 100


class DatabaseUrlError(BadDatabaseUrl, ValueError):
    """A URL no command accepts; the message names it, says why and lists the accepted forms."""

    def __init__(self, url: str, reason: Marked) -> None:
        """`reason`: why, as a marked message (translated with the whole)."""
        shown = without_password(url)
        shown = shown if len(shown) <= _SHOWN_MAX else shown[: _SHOWN_MAX - 1] + "…"
        super().__init__(N_("can't use the database URL (RECALL_DATABASE_URL or --database) {url}: {reason}. Use {accepted}"),
                         url=repr(shown), reason=reason, accepted=Marked(ACCEPTED))
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class DatabaseUrl:
    url: str
    backend: str  # "sqlite" or "postgresql"
    path: Path | None  # the SQLite file; None for PostgreSQL
    dsn: str | None = None  # the PostgreSQL connection string (scheme spelled postgresql://); None for SQLite


def parse_database_url(url: str) -> DatabaseUrl:
    """The backend and file (or server) a URL names, or `DatabaseUrlError`."""
    text = str(url).strip()
    if not text:
        raise DatabaseUrlError(text, Marked(N_("it is empty")))
    scheme, separator, rest = text.partition("://")
    if not separator:
        raise DatabaseUrlError(text, Marked(N_("it is not a URL (a bare path is not accepted; write it as a URL)")))
    if scheme not in BACKENDS:
        raise DatabaseUrlError(text, Marked(N_("the scheme {scheme} is not supported"), scheme=repr(scheme[:30])))
    if BACKENDS[scheme] == "postgresql":
        return _postgresql_url(text, rest)
    if not rest.startswith("/"):
        raise DatabaseUrlError(text, Marked(N_("SQLite takes no host: put three slashes before a relative path")))
    path = rest[1:]
    if "?" in path or "#" in path:
        raise DatabaseUrlError(text, Marked(N_("options after ? or # are not supported")))
    if not path or path.endswith("/") or "\x00" in path:
        raise DatabaseUrlError(text, Marked(N_("it names no file")))
    if path == ":memory:":
        raise DatabaseUrlError(text, Marked(N_("an in-memory database would lose every answer")))
    return DatabaseUrl(text, "sqlite", Path(path))


def _postgresql_url(text: str, rest: str) -> DatabaseUrl:
    """A server URL: checked for what would only fail later at connect time (a bad port, no database, spaces)."""
    if any(character.isspace() or character == "\x00" for character in text):
        raise DatabaseUrlError(text, Marked(N_("it contains a space or a control character")))
    parts = urlsplit("postgresql://" + rest)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        raise DatabaseUrlError(text, Marked(N_("its port is not a number from 1 to 65535"))) from None
    if not parts.path.strip("/"):
        raise DatabaseUrlError(text, Marked(N_("it names no database (add /database after the host)")))
    return DatabaseUrl(text, "postgresql", None, "postgresql://" + rest)


def without_password(url: str) -> str:
    """The URL as it may be shown: a PostgreSQL password replaced by ***."""
    scheme, separator, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not separator or not at or ":" not in credentials or "/" in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def not_supported_yet(backend: str) -> Marked:
    """The reason a URL of a database this command can't serve is refused."""
    return Marked(N_("{backend} databases are not supported yet"), backend=backend)


def file_url(path: Path) -> str:
    """The URL of a database file (`/data/recall.db` -> `sqlite:////data/recall.db`): backups and restores
    work on files, and a file is a SQLite database."""
    return f"sqlite:///{path}"


def database_path_from_url(url: str) -> Path:
    """The SQLite file a URL names (`sqlite:////data/recall.db` -> /data/recall.db); a PostgreSQL URL is refused,
    for the commands that work on a file."""
    parsed = parse_database_url(url)
    if parsed.path is None:
        raise DatabaseUrlError(url, Marked(N_("it names a PostgreSQL server, and this needs a SQLite file")))
    return parsed.path


def resolve_database_url(url: str | None) -> str:
    """The URL to use: the argument, else the environment variable, else the default.

    The front ends always pass the URL `bot.settings` read (which also reads `.env`); the fallback is
    for library callers that pass None.
    """
    return url or os.environ.get(ENV_VAR) or DEFAULT_DATABASE_URL
