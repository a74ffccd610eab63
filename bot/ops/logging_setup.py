"""Structured logs: one line per event, `key=value` or JSON, with no secrets and no answer text.

Call `configure_logging` once at start, before the Discord client exists (and start discord.py with
`log_handler=None` so it doesn't add a second handler). Context goes in `extra=`:

    log.info("command done", extra={"guild": guild_id, "command": "quiz", "latency_ms": 41.7})

Everything that reaches the handler passes `RedactingFilter`: the configured token and anything
shaped like a Discord token (three base64url parts joined by dots) become `[redacted]`, wherever they
hide (message, arguments, extra fields, traceback). Fields that hold member text (`PRIVATE_FIELDS`)
are shown only at DEBUG; above that the line says how long the text was.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

REDACTED = "[redacted]"
FORMATS = ("text", "json")
# A bot token is base64(user id) . base64(timestamp) . HMAC, each part in the base64url alphabet.
TOKEN_SHAPE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{18,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}")
PRIVATE_FIELDS = frozenset({"answer", "answer_text", "content", "text"})
QUIET_LOGGERS = ("discord", "aiosqlite", "PIL", "asyncio")
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
_OUR_HANDLER = "_recall_handler"


def _extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRIBUTES and not k.startswith("_")}


class RedactingFilter(logging.Filter):
    """Rewrites each record so no token and (above DEBUG) no member text can leave the process."""

    def __init__(self, secrets: Iterable[str] = (), *, show_private: bool = False) -> None:
        super().__init__()
        # Very short "secrets" would blank out ordinary words; a real token is ~70 characters.
        self._secrets = sorted({s for s in secrets if s and len(s) >= 8}, key=len, reverse=True)
        self._show_private = show_private

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return TOKEN_SHAPE.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception as error:  # a bad format string must not lose the event
            message = f"{record.msg!r} (unformattable: {error.__class__.__name__})"
        record.msg, record.args = self.redact(message), None
        for key, value in _extra_fields(record).items():
            if key in PRIVATE_FIELDS and not self._show_private:
                size = len(value) if isinstance(value, str | bytes) else 0
                setattr(record, key, f"[{size} chars hidden]")  # i18n: not shown (a log line's field: logs stay English)
            elif isinstance(value, str):
                setattr(record, key, self.redact(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "time": _timestamp(record),
        "level": record.levelname,
        "logger": record.name,
        "message": record.getMessage(),
    }
    fields.update(_extra_fields(record))
    if record.exc_text:
        fields["exc"] = record.exc_text
    if record.stack_info:
        fields["stack"] = record.stack_info
    return fields


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


class JsonFormatter(logging.Formatter):
    """One JSON object a line; newlines inside values are escaped by JSON itself."""

    def __init__(self, redact: RedactingFilter) -> None:
        super().__init__()
        self._redact = redact

    def format(self, record: logging.LogRecord) -> str:
        line = json.dumps({k: _plain(v) for k, v in _fields(record).items()}, ensure_ascii=False)
        return self._redact.redact(line)


_BARE = re.compile(r"[^\s\"'=\\]+")


def _text_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) < 1e15 else repr(value)
    text = str(_plain(value))
    return text if _BARE.fullmatch(text) else json.dumps(text, ensure_ascii=False)


class KeyValueFormatter(logging.Formatter):
    """`time level=INFO logger=x message="..." guild=1 command=quiz latency_ms=41.7` on one line."""

    def __init__(self, redact: RedactingFilter) -> None:
        super().__init__()
        self._redact = redact

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        parts = [fields.pop("time")]
        parts += [f"{key}={_text_value(value)}" for key, value in fields.items()]
        return self._redact.redact(" ".join(parts))


def configure_logging(
    level: str | int = "INFO",
    fmt: str = "text",
    *,
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
    library_level: str | int = "WARNING",
) -> logging.Handler:
    """Install Recall's one log handler on the root logger and return it.

    `secrets` are redacted besides anything token-shaped; DISCORD_TOKEN from the environment is
    always included. Calling again replaces the earlier handler (other handlers are left alone).
    """
    numeric = _level(level, "RECALL_LOG_LEVEL")
    if fmt not in FORMATS:
        raise ValueError(f"RECALL_LOG_FORMAT must be text or json, got {str(fmt)[:20]!r}")
    redactor = RedactingFilter(
        [*secrets, os.environ.get("DISCORD_TOKEN", "")], show_private=numeric <= logging.DEBUG
    )
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    setattr(handler, _OUR_HANDLER, True)
    handler.addFilter(redactor)
    handler.setFormatter(JsonFormatter(redactor) if fmt == "json" else KeyValueFormatter(redactor))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _OUR_HANDLER, False)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(numeric)
    quiet = _level(library_level, "library_level")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(quiet, numeric))
    logging.captureWarnings(True)
    return handler


def _level(level: str | int, name: str) -> int:
    if isinstance(level, int):
        return level
    value = logging.getLevelName(level.strip().upper())
    if not isinstance(value, int):
        raise ValueError(f"{name} must be DEBUG, INFO, WARNING or ERROR, got {level[:20]!r}")
    return value
