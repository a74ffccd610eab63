"""Database URLs for the storage layer: parsed by `bot.database_url`, the one parser every command uses."""

from __future__ import annotations

import os
from pathlib import Path

from bot.database_url import DEFAULT_DATABASE_URL, database_path_from_url

ENV_VAR = "RECALL_DATABASE_URL"
DEFAULT_URL = DEFAULT_DATABASE_URL


def resolve_database_url(url: str | None) -> str:
    """The URL to use: the argument, else the environment variable, else the default.

    The front ends always pass the URL `bot.settings` read (which also reads `.env`); the fallback is
    for library callers that pass None.
    """
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL


def database_path(url: str) -> Path:
    """The file a URL names; `BadDatabaseUrl` (a `DatabaseUrlError`) if no command would accept it."""
    return database_path_from_url(url)
