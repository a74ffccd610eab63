"""Database URLs for the storage layer: parsed by `bot.database_url`, the one parser every command uses."""

from __future__ import annotations

from pathlib import Path

from bot.database_url import DEFAULT_DATABASE_URL, ENV_VAR, database_path_from_url, resolve_database_url

DEFAULT_URL = DEFAULT_DATABASE_URL

__all__ = ["DEFAULT_URL", "ENV_VAR", "database_path", "resolve_database_url"]


def database_path(url: str) -> Path:
    """The file a URL names; `BadDatabaseUrl` (a `DatabaseUrlError`) if no command would accept it."""
    return database_path_from_url(url)
