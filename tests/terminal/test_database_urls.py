"""One table of database URLs, the same verdict from every command: the bot's start, doctor, backup, export
and practice (and restore and every `--database` option), with the same message for a refused URL.

`run` is a real process with a dummy token and DISCORD_API_BASE on a closed local port: a good URL gets past
the settings and the database and fails only at the login ("can't reach"); a bad one stops with exit code 2.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.database_url import (
    DEFAULT_DATABASE_URL,
    DatabaseUrlError,
    database_path_from_url,
    parse_database_url,
)
from tests.ops.conftest import add_recall_schema
from tests.terminal.commands import DUMMY_TOKEN, Result, closed_port, run_here, run_process

# (URL with {tmp} for the test's folder, the file it names relative to that folder, or None: refused)
URLS = [
    ("sqlite:///data/r.db", "data/r.db"),
    ("sqlite:///./data/r.db", "data/r.db"),
    ("sqlite:////{tmp}/abs/r.db", "abs/r.db"),
    ("data/r.db", None),
    ("/{tmp}/abs/r.db", None),
    ("sqlite+aiosqlite:///data/r.db", None),
    ("sqlite+aiosqlite:////{tmp}/abs/r.db", None),
    ("sqlite://localhost/data/r.db", None),
    ("sqlite:///:memory:", None),
    ("sqlite:///data/", None),
    ("sqlite:///data/r.db?mode=ro", None),
    ("mysql://db/recall", None),
]
IDS = [url.replace("{tmp}", "TMP") for url, _ in URLS]
# A server on a closed port: parsed and accepted by the settings; what runs on it is the PostgreSQL backend's
SERVER_URL = "postgresql://recall:s3cret@127.0.0.1:1/recall"


def url_in(tmp_path: Path, url: str) -> str:
    return url.replace("{tmp}", str(tmp_path).lstrip("/"))


def expected_refusal(url: str) -> str:
    with pytest.raises(DatabaseUrlError) as refused:
        parse_database_url(url)
    return str(refused.value)


def prepare(tmp_path: Path, file: str | None) -> None:
    """The Recall database the URL names, so that commands that need one find it."""
    if file is None:
        return
    path = tmp_path / file
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    add_recall_schema(connection)
    connection.close()


def test_the_table_is_what_the_parser_says() -> None:
    for url, file in URLS:
        if file is None:
            expected_refusal(url.replace("{tmp}", "tmp"))
        else:
            assert parse_database_url(url.replace("{tmp}", "tmp")).backend == "sqlite"
    assert parse_database_url(DEFAULT_DATABASE_URL).path == Path("data/recall.db")


def verdict_of(result: Result, url: str, file: str | None) -> bool:
    """True: accepted; False: refused with the one message. Anything else fails the test."""
    if file is None:
        assert expected_refusal(url) in result.output, result.output
        assert result.returncode != 0 and "Traceback" not in result.output
        return False
    assert "can't use the database URL" not in result.output, result.output
    return True


@pytest.mark.parametrize(("url", "file"), URLS, ids=IDS)
def test_the_bot_gives_the_same_verdict_at_start(tmp_path: Path, url: str, file: str | None) -> None:
    (tmp_path / "decks").mkdir()
    prepare(tmp_path, file)
    url = url_in(tmp_path, url)
    result = run_process(tmp_path, "run", env={
        "DISCORD_TOKEN": DUMMY_TOKEN, "RECALL_DATABASE_URL": url, "RECALL_CONTENT_DIR": "decks",
        "DISCORD_API_BASE": f"http://127.0.0.1:{closed_port()}/api/v10",
    })
    if verdict_of(result, url, file):
        assert result.returncode == 1 and "recall: can't reach http://127.0.0.1" in result.stderr, result.output
    else:
        assert result.returncode == 2


@pytest.mark.parametrize("how", ["environment", "option"])
@pytest.mark.parametrize(("url", "file"), URLS, ids=IDS)
def test_every_terminal_command_gives_the_same_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, file: str | None, how: str
) -> None:
    prepare(tmp_path, file)
    url = url_in(tmp_path, url)
    env = {"RECALL_DATABASE_URL": url} if how == "environment" else {}
    option = ("--database", url) if how == "option" else ()
    verdicts = {}
    for name, args in {
        "backup": ("backup", *option),
        "export": ("export", "--guild", "1", *option),
        "practice": ("practice", "--count", "1", *option),
    }.items():
        result = run_here(monkeypatch, tmp_path, *args, env=env)
        verdicts[name] = verdict_of(result, url, file)
        assert (result.returncode == 0) == verdicts[name], (name, result.output)
    if how == "environment":  # doctor has no --database: it checks the configured database
        result = run_here(monkeypatch, tmp_path, "doctor", "--quick", env={**env, "DISCORD_TOKEN": DUMMY_TOKEN})
        verdicts["doctor"] = verdict_of(result, url, file)
        database_line = next(line for line in result.stdout.splitlines() if line.startswith(("✓ database", "✗ database")))
        assert database_line.startswith("✓" if verdicts["doctor"] else "✗"), database_line
    assert set(verdicts.values()) == {file is not None}, verdicts


@pytest.mark.parametrize(("url", "file"), [u for u in URLS if u[1] is None], ids=[i for i, u in zip(IDS, URLS, strict=True) if u[1] is None])
def test_restore_refuses_the_same_urls_before_reading_the_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, file: None
) -> None:
    url = url_in(tmp_path, url)
    for env, option in (({"RECALL_DATABASE_URL": url}, ()), ({}, ("--database", url))):
        result = run_here(monkeypatch, tmp_path, "restore", "no-such-backup.db", *option, env=env)
        assert not verdict_of(result, url, file)


def test_postgresql_urls_are_parsed_and_their_password_is_never_shown() -> None:
    for url in ("postgresql://recall@localhost/recall", "postgres://db/recall", SERVER_URL,
                "postgresql://recall@db:5432/recall?sslmode=require"):
        parsed = parse_database_url(url)
        assert (parsed.backend, parsed.path) == ("postgresql", None)
        assert parsed.dsn is not None and parsed.dsn.startswith("postgresql://") and parsed.dsn.endswith(url.split("://")[1])
    for bad, why in (("postgresql://db", "names no database"), ("postgresql://db:99999/recall", "port"),
                     ("postgresql://db:x/recall", "port"), ("postgresql://db/rec all", "space")):
        with pytest.raises(DatabaseUrlError, match=why):
            parse_database_url(bad)
    with pytest.raises(DatabaseUrlError) as refused:  # the commands that need a file say so
        database_path_from_url(SERVER_URL)
    assert "SQLite file" in str(refused.value)
    assert "s3cret" not in str(refused.value) and "recall:***@127.0.0.1:1/recall" in str(refused.value)
    with pytest.raises(DatabaseUrlError) as refused:
        parse_database_url("postgresql://recall:s3cret@db:99999/recall")
    assert "s3cret" not in str(refused.value)
