"""Typed settings read from the environment and an optional `.env`, at start (never at import).

The environment wins over `.env`, so a deployment can override a checked-in file. Every problem is a
`SettingsError` with one line a person can act on; the token never appears in a message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")
DEFAULT_DATABASE_URL = "sqlite:///./data/recall.db"


class SettingsError(Exception):
    """A setting is missing or malformed; the message is shown to the operator as is."""


@dataclass(frozen=True)
class Settings:
    discord_token: str = field(repr=False)
    database_url: str = DEFAULT_DATABASE_URL
    content_dir: Path = Path("content")
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    log_format: str = "text"
    api_base: str | None = None
    cdn_base: str | None = None
    backup_dir: Path | None = None
    backup_keep: int = 14

    @property
    def database_path(self) -> Path:
        return database_path_from_url(self.database_url)


def database_path_from_url(url: str) -> Path:
    """The SQLite file, parsed exactly as the storage layer will parse it."""
    from bot.core.errors import BadDatabaseUrl
    from bot.storage.url import database_path

    try:
        return database_path(url)
    except BadDatabaseUrl as error:
        raise SettingsError(str(error)) from None


def read_env_file(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines; `#` comments, blank lines, `export ` prefixes and quotes are allowed."""
    values: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return values
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"can't read {path}: {error.__class__.__name__}") from None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key.replace("_", "").isalnum():
            raise SettingsError(f"{path}:{number}: expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Merge `.env` under the environment and validate; raises SettingsError."""
    merged: dict[str, str] = dict(read_env_file(env_file)) if env_file is not None else {}
    merged.update({k: v for k, v in (os.environ if environ is None else environ).items()})

    def get(name: str) -> str | None:
        value = merged.get(name, "").strip()
        return value or None

    token = get("DISCORD_TOKEN")
    if token is None:
        raise SettingsError("DISCORD_TOKEN is not set: put the bot's token in the environment or in .env")
    if any(ch.isspace() for ch in token):
        raise SettingsError("DISCORD_TOKEN contains whitespace: paste the token alone")

    database_url = get("RECALL_DATABASE_URL") or DEFAULT_DATABASE_URL
    database_path_from_url(database_url)

    level = (get("RECALL_LOG_LEVEL") or "INFO").upper()
    if level not in LOG_LEVELS:
        raise SettingsError(f"RECALL_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)} (got {level[:20]!r})")
    log_format = (get("RECALL_LOG_FORMAT") or "text").lower()
    if log_format not in LOG_FORMATS:
        raise SettingsError(f"RECALL_LOG_FORMAT must be text or json (got {log_format[:20]!r})")

    return Settings(
        discord_token=token,
        database_url=database_url,
        content_dir=Path(get("RECALL_CONTENT_DIR") or "content"),
        dev_guild_id=_snowflake("RECALL_DEV_GUILD_ID", get("RECALL_DEV_GUILD_ID")),
        log_level=level,
        log_format=log_format,
        api_base=_api_base(get("DISCORD_API_BASE")),
        cdn_base=_api_base(get("DISCORD_CDN_BASE"), "DISCORD_CDN_BASE"),
        backup_dir=Path(b) if (b := get("RECALL_BACKUP_DIR")) else None,
        backup_keep=_positive("RECALL_BACKUP_KEEP", get("RECALL_BACKUP_KEEP"), 14),
    )


def _snowflake(name: str, value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or not 0 < int(value) < 2**64:
        raise SettingsError(f"{name} must be a server ID (a number), got {value[:30]!r}")
    return int(value)


def _positive(name: str, value: str | None, default: int) -> int:
    if value is None:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SettingsError(f"{name} must be a whole number of at least 1, got {value[:30]!r}")
    return int(value)


def _api_base(value: str | None, name: str = "DISCORD_API_BASE") -> str | None:
    if value is None:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError(f"{name} must be an http(s) URL such as http://127.0.0.1:8080/api/v10, got {value[:60]!r}")
    return value.rstrip("/")
