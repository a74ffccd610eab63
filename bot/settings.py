"""Settings from the environment and an optional `.env`, read at start (never at import), the same way by
every command: the bot (`load_settings`) and the terminal commands (`load_storage_settings`).

`.env` is read with python-dotenv. A key given twice, or a line that is not KEY=VALUE, is an error that
names the lines: a duplicate would otherwise mean one value to one reader and another to the next.
A variable present in the environment wins over `.env` (even when empty), so a deployment can override
a checked-in file. Every problem is a `SettingsError` with one line a person can act on; the token
never appears in a message.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import urlparse

from bot.core.errors import RecallError
from bot.core.messages import N_, Marked
from bot.core.shards import ShardSet, parse_shard_ids
from bot.database_url import (
    DEFAULT_DATABASE_URL,
    DatabaseUrlError,
    database_path_from_url,
    parse_database_url,
)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")
ENV_FILE = Path(".env")
EXIT_CONFIG = 2  # every command's exit code for settings it refuses

__all__ = [
    "DEFAULT_DATABASE_URL",
    "EXIT_CONFIG",
    "Settings",
    "SettingsError",
    "StorageSettings",
    "load_settings",
    "load_storage_settings",
    "read_env_file",
    "refuse",
    "setting_values",
]


SERVER_DATA_FOLDER = Path("data")  # the bot's own files when the database is a server (PostgreSQL)


class SettingsError(RecallError):
    """A setting is missing or malformed; the message is shown to the operator (`say_error` writes it in the
    terminal's language, `str()` is the English text)."""


@dataclass(frozen=True)
class Settings:
    """What the bot needs to run."""

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
    semantic: bool = False  # RECALL_SEMANTIC=on: the optional semantic grading layer (bot/app/grading_layers.py)
    semantic_model: Path | None = None  # RECALL_SEMANTIC_MODEL: its model directory
    # RECALL_SHARD_COUNT / RECALL_SHARD_IDS (PostgreSQL only): None = unsharded (one client, every server);
    # `shards` = the count and this process's ids; `shard_count_auto`: the count is Discord's recommendation.
    shards: ShardSet | None = None
    shard_count_auto: bool = False

    @property
    def sharded(self) -> bool:
        return self.shards is not None or self.shard_count_auto

    @property
    def database_path(self) -> Path:
        return _database_path(self.database_url)

    @property
    def database_file(self) -> Path | None:
        """The SQLite file; None on PostgreSQL (no file, no instance lock: the shard leases do that job)."""
        return parse_database_url(self.database_url).path

    @property
    def data_folder(self) -> Path:
        """Where the bot keeps its own files (the command-hash file, matplotlib's cache): the SQLite file's
        folder, or on PostgreSQL `./data` under the working directory (as the default SQLite URL's)."""
        file = self.database_file
        return file.parent if file is not None else SERVER_DATA_FOLDER


@dataclass(frozen=True)
class StorageSettings:
    """What the terminal commands that work on the database need (no token)."""

    database_url: str
    backup_dir: Path | None
    content_dir: Path

    @property
    def database_path(self) -> Path:
        return _database_path(self.database_url)


class SettingValues:
    """The merged settings: `.env` under the environment."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = dict(values)

    def get(self, name: str) -> str | None:
        value = self._values.get(name, "").strip()
        return value or None


def read_env_file(path: Path) -> dict[str, str]:
    """`.env` through python-dotenv (values taken literally, no `${VAR}` expansion); {} if there is none."""
    from dotenv import dotenv_values
    from dotenv.parser import parse_stream

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(N_("can't read {path}: {error}"), path=str(path), error=error.__class__.__name__) from None
    lines_of: dict[str, list[int]] = {}
    for binding in parse_stream(io.StringIO(text)):
        original = binding.original.string
        line = binding.original.line + original[: len(original) - len(original.lstrip())].count("\n")
        if binding.error or (binding.key is not None and binding.value is None):
            raise SettingsError(N_("{path}:{line}: expected KEY=VALUE"), path=str(path), line=str(line))
        if binding.key is not None:
            lines_of.setdefault(binding.key, []).append(line)
    for key, lines in lines_of.items():
        if len(lines) > 1:
            raise SettingsError(N_("{path}: {key} is set more than once (lines {lines}); keep only one of them"),
                                path=str(path), key=key, lines=Marked(N_("{earlier} and {last}"),
                                                                      earlier=", ".join(map(str, lines[:-1])),
                                                                      last=str(lines[-1])))
    values = dotenv_values(stream=io.StringIO(text), interpolate=False)
    return {key: value for key, value in values.items() if value is not None}


def setting_values(environ: Mapping[str, str] | None = None, env_file: Path | None = ENV_FILE) -> SettingValues:
    merged: dict[str, str] = read_env_file(env_file) if env_file is not None else {}
    merged.update(os.environ if environ is None else environ)
    return SettingValues(merged)


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = ENV_FILE) -> Settings:
    """The bot's settings, validated; raises SettingsError."""
    values = setting_values(environ, env_file)
    get = values.get

    token = get("DISCORD_TOKEN")
    if token is None:
        raise SettingsError(N_("DISCORD_TOKEN is not set: put the bot's token in the environment or in .env"))
    if any(ch.isspace() for ch in token):
        raise SettingsError(N_("DISCORD_TOKEN contains whitespace: paste the token alone"))

    database_url = _database_url(values, None)

    level = (get("RECALL_LOG_LEVEL") or "INFO").upper()
    if level not in LOG_LEVELS:
        raise SettingsError(N_("RECALL_LOG_LEVEL must be one of {levels} (got {value})"), levels=", ".join(LOG_LEVELS),
                            value=repr(level[:20]))
    log_format = (get("RECALL_LOG_FORMAT") or "text").lower()
    if log_format not in LOG_FORMATS:
        raise SettingsError(N_("RECALL_LOG_FORMAT must be text or json (got {value})"), value=repr(log_format[:20]))

    shards, shard_count_auto = _shards(values, database_url)
    return Settings(
        discord_token=token,
        database_url=database_url,
        content_dir=_content_dir(values),
        dev_guild_id=_snowflake("RECALL_DEV_GUILD_ID", get("RECALL_DEV_GUILD_ID")),
        log_level=level,
        log_format=log_format,
        api_base=_api_base(get("DISCORD_API_BASE")),
        cdn_base=_api_base(get("DISCORD_CDN_BASE"), "DISCORD_CDN_BASE"),
        backup_dir=_backup_dir(values),
        backup_keep=_positive("RECALL_BACKUP_KEEP", get("RECALL_BACKUP_KEEP"), 14),
        semantic=_on_off("RECALL_SEMANTIC", get("RECALL_SEMANTIC")),
        semantic_model=Path(model) if (model := get("RECALL_SEMANTIC_MODEL")) else None,
        shards=shards,
        shard_count_auto=shard_count_auto,
    )


MAX_SHARDS = 4096


def _shards(values: SettingValues, database_url: str) -> tuple[ShardSet | None, bool]:
    """RECALL_SHARD_COUNT (a number, or `auto`: Discord's recommendation, all shards here) and
    RECALL_SHARD_IDS (`0-3`, `0,2`; default all). Shards need PostgreSQL: on SQLite one process serves all."""
    count_text, ids_text = values.get("RECALL_SHARD_COUNT"), values.get("RECALL_SHARD_IDS")
    if count_text is None and ids_text is None:
        return None, False
    if parse_database_url(database_url).backend == "sqlite":
        raise SettingsError(N_("RECALL_SHARD_COUNT and RECALL_SHARD_IDS need a PostgreSQL database "
                               "(RECALL_DATABASE_URL=postgresql://...): on SQLite one process serves every server"))
    if count_text is None:
        raise SettingsError(N_("RECALL_SHARD_IDS needs RECALL_SHARD_COUNT (the total number of shards) as well"))
    if count_text.lower() == "auto":
        if ids_text is not None:
            raise SettingsError(N_("RECALL_SHARD_COUNT=auto runs every shard in this process: unset RECALL_SHARD_IDS, "
                                   "or give the number of shards"))
        return None, True
    if not count_text.isdigit() or not 1 <= int(count_text) <= MAX_SHARDS:
        raise SettingsError(N_("RECALL_SHARD_COUNT must be auto or a whole number from 1 to {most}, got {value}"),
                            most=str(MAX_SHARDS), value=repr(count_text[:30]))
    count = int(count_text)
    if ids_text is None:
        return ShardSet.of(count), False
    try:
        return ShardSet.of(count, parse_shard_ids(ids_text, count)), False
    except ValueError as bad:
        raise SettingsError(N_("RECALL_SHARD_IDS must list shards below {count} such as 0-3 or 0,2 "
                               "(got {value}: {part} is not one)"),
                            count=str(count), value=repr(ids_text[:40]), part=repr(str(bad)[:20])) from None


def _on_off(name: str, value: str | None) -> bool:
    """An optional layer's switch: off unless set to on (or 1, true, yes); anything else is a typo."""
    word = (value or "off").lower()
    if word in ("on", "1", "true", "yes"):
        return True
    if word in ("off", "0", "false", "no"):
        return False
    raise SettingsError(N_("{name} must be on or off (got {value})"), name=name, value=repr(word[:20]))


def load_storage_settings(
    database: str | None = None, environ: Mapping[str, str] | None = None, env_file: Path | None = ENV_FILE
) -> StorageSettings:
    """For backup, restore, export, practice and doctor: `database` is a `--database` URL, if given."""
    values = setting_values(environ, env_file)
    return StorageSettings(_database_url(values, database), _backup_dir(values), _content_dir(values))


def refuse(error: SettingsError, out: TextIO | None = None) -> int:
    """How every command refuses its settings: one line on stderr, exit code 2."""
    from bot.i18n.voice import say_error

    print(f"recall: {say_error(error)}", file=out or sys.stderr)
    return EXIT_CONFIG


def _database_url(values: SettingValues, option: str | None) -> str:
    url = option if option is not None else values.get("RECALL_DATABASE_URL") or DEFAULT_DATABASE_URL
    try:
        parse_database_url(url)
    except DatabaseUrlError as error:
        raise SettingsError(error.template, **error.params) from None
    return url.strip()


def _database_path(url: str) -> Path:
    try:
        return database_path_from_url(url)
    except DatabaseUrlError as error:
        raise SettingsError(error.template, **error.params) from None


def _content_dir(values: SettingValues) -> Path:
    return Path(values.get("RECALL_CONTENT_DIR") or "content")


def _backup_dir(values: SettingValues) -> Path | None:
    folder = values.get("RECALL_BACKUP_DIR")
    return Path(folder) if folder else None


def _snowflake(name: str, value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or not 0 < int(value) < 2**64:
        raise SettingsError(N_("{name} must be a server ID (a number), got {value}"), name=name, value=repr(value[:30]))
    return int(value)


def _positive(name: str, value: str | None, default: int) -> int:
    if value is None:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SettingsError(N_("{name} must be a whole number of at least 1, got {value}"), name=name,
                            value=repr(value[:30]))
    return int(value)


def _api_base(value: str | None, name: str = "DISCORD_API_BASE") -> str | None:
    if value is None:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError(N_("{name} must be an http(s) URL such as http://127.0.0.1:8080/api/v10, got {value}"),
                            name=name, value=repr(value[:60]))
    return value.rstrip("/")
