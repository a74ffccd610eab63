"""Log lines: one per event, parseable, with context fields, and never a token or a member's answer."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest

from bot.ops.logging_setup import REDACTED, configure_logging

# Shaped like a real bot token (id . timestamp . hmac) but made up.
TOKEN = "MTA1NjQ4OTk3NzY1NTQ0OTYwMA.GhXk2Q.abcDEFghiJKLmnoPQRstuVWXyz0123456789_-"
OTHER_TOKEN = "OTk5ODg4Nzc3NjY2NTU1NDQ0.Yx9aBc.ZZZZyyyyXXXXwwwwVVVVuuuuTTTTssss"


@pytest.fixture(autouse=True)
def restore_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    root = logging.getLogger()
    saved = (root.level, list(root.handlers), {n: logging.getLogger(n).level for n in ("discord", "discord.http")})
    yield
    for handler in [h for h in root.handlers if h not in saved[1]]:
        root.removeHandler(handler)
    root.setLevel(saved[0])
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)
    logging.captureWarnings(False)


def lines_of(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


PAIR = re.compile(r' ([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|[^\s"]+)')


def key_values(line: str) -> dict[str, str]:
    """Parse a text line as a log collector would: bare values, or JSON strings in quotes."""
    time, _, _ = line.partition(" ")
    fields = {"time": time}
    consumed = len(time)
    for match in PAIR.finditer(line):
        assert match.start() == consumed, f"unparseable text at {line[consumed:consumed + 40]!r}"
        key, value = match.groups()
        fields[key] = json.loads(value) if value.startswith('"') else value
        consumed = match.end()
    assert consumed == len(line), f"unparseable tail {line[consumed:][:40]!r}"
    return fields


def test_text_lines_are_key_value_with_extra_fields() -> None:
    out = io.StringIO()
    configure_logging("INFO", "text", stream=out)
    logging.getLogger("recall.cogs.quiz").info(
        "command done for %s", "a member", extra={"guild": 1234, "command": "quiz", "latency_ms": 41.66}
    )
    [line] = lines_of(out)
    fields = key_values(line)
    assert fields["level"] == "INFO" and fields["logger"] == "recall.cogs.quiz"
    assert fields["message"] == "command done for a member"
    assert (fields["guild"], fields["command"], fields["latency_ms"]) == ("1234", "quiz", "41.7")
    assert fields["time"].endswith("Z") and "T" in fields["time"]


def test_json_lines_parse_and_keep_types() -> None:
    out = io.StringIO()
    configure_logging("INFO", "json", stream=out)
    logging.getLogger("recall").warning("slow", extra={"guild": 99, "latency_ms": 2500.0, "command": "drill"})
    [line] = lines_of(out)
    entry = json.loads(line)
    assert entry["message"] == "slow" and entry["level"] == "WARNING"
    assert (entry["guild"], entry["latency_ms"], entry["command"]) == (99, 2500.0, "drill")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_multi_line_text_and_tracebacks_stay_on_one_line(fmt: str) -> None:
    out = io.StringIO()
    configure_logging("INFO", fmt, stream=out)
    log = logging.getLogger("recall")
    log.info("first\nsecond\r\nthird", extra={"command": "a\nb"})
    try:
        raise RuntimeError("boom\nwith a newline")
    except RuntimeError:
        log.exception("handler failed", extra={"command": "stats"})
    lines = lines_of(out)
    assert len(lines) == 2
    failure = json.loads(lines[1]) if fmt == "json" else key_values(lines[1])
    assert "RuntimeError: boom\nwith a newline" in failure["exc"]
    assert "Traceback" in failure["exc"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_tokens_are_redacted_wherever_they_hide(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "not-token-shaped-secret-value")
    out = io.StringIO()
    configure_logging("DEBUG", fmt, stream=out, library_level="DEBUG")
    log = logging.getLogger("discord.http")
    log.info("login with %s", TOKEN)
    log.info("header", extra={"authorization": f"Bot {OTHER_TOKEN}"})
    log.info("env token %s inside", "not-token-shaped-secret-value")
    try:
        raise ValueError(f"bad token {TOKEN}")
    except ValueError:
        log.exception("failed")
    text = out.getvalue()
    assert TOKEN not in text and OTHER_TOKEN not in text and "not-token-shaped-secret-value" not in text
    assert text.count(REDACTED) >= 4
    assert len(lines_of(out)) == 4


def test_explicit_secrets_are_redacted_and_ordinary_dotted_names_are_not() -> None:
    out = io.StringIO()
    configure_logging("INFO", "text", stream=out, secrets=["s3cr3t-from-dotenv", "abc"])
    logging.getLogger("recall").info("s3cr3t-from-dotenv at discord.gateway.v10 on bot.cogs.quiz abc")
    message = key_values(lines_of(out)[0])["message"]
    assert message == f"{REDACTED} at discord.gateway.v10 on bot.cogs.quiz abc"


def test_discord_logs_only_warnings_by_default() -> None:
    out = io.StringIO()
    configure_logging("DEBUG", "text", stream=out)
    logging.getLogger("discord.gateway").info("heartbeat")
    logging.getLogger("discord.client").debug("dispatch")
    logging.getLogger("discord.gateway").warning("reconnecting")
    logging.getLogger("recall").debug("ours")
    messages = [key_values(line)["message"] for line in lines_of(out)]
    assert messages == ["reconnecting", "ours"]


@pytest.mark.parametrize(("level", "shown"), [("INFO", False), ("DEBUG", True)])
def test_member_answers_are_shown_only_at_debug(level: str, shown: bool) -> None:
    out = io.StringIO()
    configure_logging(level, "json", stream=out)
    answer = "distillation trains a student model"
    logging.getLogger("recall").info("graded", extra={"answer": answer, "command": "explain"})
    entry = json.loads(lines_of(out)[0])
    assert (entry["answer"] == answer) is shown
    if not shown:
        assert entry["answer"] == f"[{len(answer)} chars hidden]"


def test_hostile_text_never_raises() -> None:
    out = io.StringIO()
    ours = configure_logging("INFO", "text", stream=out)
    root = logging.getLogger()
    for other in [h for h in root.handlers if h is not ours]:
        root.removeHandler(other)  # pytest's capture handler would raise on the broken format string
    hostile = "@everyone **bold** `code` \"quotes\" key=value \\ \u202e\U0001f600 \x00" * 80
    logging.getLogger("recall").info(hostile[:4000], extra={"command": hostile[:4000], "guild": None})
    logging.getLogger("recall").info("%d items", "not a number")  # a broken format string
    lines = lines_of(out)
    assert len(lines) == 2
    assert key_values(lines[0])["command"] == hostile[:4000]
    assert "unformattable" in key_values(lines[1])["message"]


def test_configuring_twice_replaces_our_handler_only() -> None:
    first, second = io.StringIO(), io.StringIO()
    configure_logging("INFO", "text", stream=first)
    configure_logging("INFO", "json", stream=second)
    logging.getLogger("recall").info("once")
    assert first.getvalue() == "" and len(lines_of(second)) == 1


@pytest.mark.parametrize(("level", "fmt"), [("LOUD", "text"), ("INFO", "xml")])
def test_bad_settings_are_explained(level: str, fmt: str) -> None:
    with pytest.raises(ValueError, match="RECALL_LOG_"):
        configure_logging(level, fmt, stream=io.StringIO())
