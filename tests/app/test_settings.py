from pathlib import Path

import pytest

from bot.database_url import DatabaseUrlError, database_path_from_url
from bot.settings import (
    DEFAULT_DATABASE_URL,
    SettingsError,
    load_settings,
    load_storage_settings,
    read_env_file,
)


def test_defaults_with_only_a_token(tmp_path: Path) -> None:
    settings = load_settings({"DISCORD_TOKEN": "abc.def.ghi"}, env_file=tmp_path / "missing.env")
    assert settings.discord_token == "abc.def.ghi"
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.database_path == Path("data/recall.db")
    assert settings.content_dir == Path("content")
    assert settings.dev_guild_id is None and settings.api_base is None
    assert settings.log_level == "INFO" and settings.log_format == "text"
    assert "abc.def.ghi" not in repr(settings)


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# comment\n\nexport DISCORD_TOKEN='from-file'\nRECALL_DEV_GUILD_ID=123\nRECALL_LOG_LEVEL=debug\n"
        'DISCORD_API_BASE="http://127.0.0.1:8080/api/v10/"\nRECALL_CONTENT_DIR=\n'
    )
    settings = load_settings({"RECALL_DEV_GUILD_ID": "456"}, env_file=env_file)
    assert settings.discord_token == "from-file"
    assert settings.dev_guild_id == 456
    assert settings.log_level == "DEBUG"
    assert settings.api_base == "http://127.0.0.1:8080/api/v10"
    assert settings.content_dir == Path("content")


@pytest.mark.parametrize(
    ("environ", "needle"),
    [
        ({}, "DISCORD_TOKEN is not set"),
        ({"DISCORD_TOKEN": "   "}, "DISCORD_TOKEN is not set"),
        ({"DISCORD_TOKEN": "a b"}, "whitespace"),
        ({"DISCORD_TOKEN": "t", "RECALL_LOG_LEVEL": "LOUD"}, "RECALL_LOG_LEVEL"),
        ({"DISCORD_TOKEN": "t", "RECALL_LOG_FORMAT": "xml"}, "RECALL_LOG_FORMAT"),
        ({"DISCORD_TOKEN": "t", "RECALL_DEV_GUILD_ID": "abc"}, "RECALL_DEV_GUILD_ID"),
        ({"DISCORD_TOKEN": "t", "RECALL_DEV_GUILD_ID": str(2**64)}, "RECALL_DEV_GUILD_ID"),
        ({"DISCORD_TOKEN": "t", "RECALL_DATABASE_URL": "postgres://x"}, "sqlite:///"),
        ({"DISCORD_TOKEN": "t", "RECALL_DATABASE_URL": "sqlite:///"}, "names no file"),
        ({"DISCORD_TOKEN": "t", "RECALL_DATABASE_URL": "sqlite:///data/"}, "names no file"),
        ({"DISCORD_TOKEN": "t", "DISCORD_API_BASE": "ftp://x"}, "DISCORD_API_BASE"),
        ({"DISCORD_TOKEN": "t", "RECALL_BACKUP_KEEP": "0"}, "RECALL_BACKUP_KEEP"),
    ],
)
def test_bad_settings_are_explained(tmp_path: Path, environ: dict[str, str], needle: str) -> None:
    with pytest.raises(SettingsError, match=needle) as caught:
        load_settings(environ, env_file=tmp_path / "none")
    assert "\n" not in str(caught.value)


def test_token_never_in_error_messages(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"DISCORD_TOKEN": "secret token"}, env_file=tmp_path / "none")
    assert "secret" not in str(caught.value)


def test_malformed_env_file_line(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DISCORD_TOKEN=x\nthis is not a setting\n")
    with pytest.raises(SettingsError, match=r"\.env:2"):
        read_env_file(env_file)


def test_database_urls() -> None:
    with pytest.raises(DatabaseUrlError, match="in-memory"):
        database_path_from_url("sqlite:///:memory:")
    assert database_path_from_url("sqlite:////data/recall.db") == Path("/data/recall.db")
    assert database_path_from_url("sqlite:///./data/recall.db") == Path("data/recall.db")
    assert DEFAULT_DATABASE_URL == "sqlite:///data/recall.db"


def test_a_key_set_twice_names_both_lines(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "DISCORD_TOKEN=x\n\n# the database\nRECALL_DATABASE_URL=sqlite:///a.db\n"
        'RECALL_LOG_LEVEL="multi\nline"\nexport RECALL_DATABASE_URL = "sqlite:///b.db"\n',
        encoding="utf-8",
    )
    message = f"{env_file}: RECALL_DATABASE_URL is set more than once (lines 4 and 7); keep only one of them"
    for read in (lambda: read_env_file(env_file), lambda: load_settings({}, env_file=env_file),
                 lambda: load_storage_settings(environ={}, env_file=env_file)):
        with pytest.raises(SettingsError) as caught:
            read()
        assert str(caught.value) == message
    env_file.write_text("A=1\nA=2\nA=3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"A is set more than once \(lines 1, 2 and 3\)"):
        read_env_file(env_file)


def test_dot_env_syntax_is_python_dotenv_s(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "A=plain # a comment\nB='single $HOME'\nC=\"double\\nescape\"\nexport D=exported\nE=\nF=${A}\n",
        encoding="utf-8",
    )
    assert read_env_file(env_file) == {
        "A": "plain", "B": "single $HOME", "C": "double\nescape", "D": "exported", "E": "", "F": "${A}",
    }, "values are literal: no ${VAR} expansion"
    env_file.write_text("A=1\nJUST_A_NAME\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"\.env:2: expected KEY=VALUE"):
        read_env_file(env_file)


def test_the_environment_wins_the_same_way_for_the_bot_and_the_terminal(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DISCORD_TOKEN=t\nRECALL_DATABASE_URL=sqlite:///file.db\nRECALL_BACKUP_DIR=kept\n",
                        encoding="utf-8")
    for environ, url in (({}, "sqlite:///file.db"), ({"RECALL_DATABASE_URL": "sqlite:///env.db"}, "sqlite:///env.db"),
                         ({"RECALL_DATABASE_URL": ""}, DEFAULT_DATABASE_URL)):  # present but empty: the default
        assert load_settings(environ, env_file=env_file).database_url == url
        assert load_storage_settings(environ=environ, env_file=env_file).database_url == url
    assert load_storage_settings("sqlite:///option.db", environ={}, env_file=env_file).database_url == "sqlite:///option.db"
    assert load_storage_settings(environ={}, env_file=env_file).backup_dir == Path("kept")
    with pytest.raises(SettingsError, match="it is not a URL"):
        load_storage_settings("option.db", environ={}, env_file=env_file)


POSTGRES = {"DISCORD_TOKEN": "t", "RECALL_DATABASE_URL": "postgresql://recall@127.0.0.1:5432/recall"}


def test_shard_settings(tmp_path: Path) -> None:
    none = tmp_path / "none"
    plain = load_settings(POSTGRES, env_file=none)
    assert plain.shards is None and not plain.sharded
    some = load_settings({**POSTGRES, "RECALL_SHARD_COUNT": "4", "RECALL_SHARD_IDS": "0,2-3"}, env_file=none)
    assert some.shards is not None and (some.shards.count, some.shards.ids) == (4, (0, 2, 3))
    every = load_settings({**POSTGRES, "RECALL_SHARD_COUNT": "2"}, env_file=none)
    assert every.shards is not None and every.shards.ids == (0, 1) and every.sharded
    auto = load_settings({**POSTGRES, "RECALL_SHARD_COUNT": "AUTO"}, env_file=none)
    assert auto.shards is None and auto.shard_count_auto and auto.sharded


@pytest.mark.parametrize(
    ("environ", "needle"),
    [
        ({"DISCORD_TOKEN": "t", "RECALL_SHARD_COUNT": "2"}, "need a PostgreSQL database"),
        ({"DISCORD_TOKEN": "t", "RECALL_SHARD_IDS": "0"}, "need a PostgreSQL database"),
        ({**POSTGRES, "RECALL_SHARD_IDS": "0"}, "needs RECALL_SHARD_COUNT"),
        ({**POSTGRES, "RECALL_SHARD_COUNT": "auto", "RECALL_SHARD_IDS": "0"}, "unset RECALL_SHARD_IDS"),
        ({**POSTGRES, "RECALL_SHARD_COUNT": "0"}, "from 1 to 4096, got '0'"),
        ({**POSTGRES, "RECALL_SHARD_COUNT": "two"}, "RECALL_SHARD_COUNT must be auto"),
        ({**POSTGRES, "RECALL_SHARD_COUNT": "2", "RECALL_SHARD_IDS": "0-2"}, "'0-2' is not one"),
        ({**POSTGRES, "RECALL_SHARD_COUNT": "2", "RECALL_SHARD_IDS": "x,1"}, "'x' is not one"),
    ],
)
def test_bad_shard_settings_are_explained(tmp_path: Path, environ: dict[str, str], needle: str) -> None:
    with pytest.raises(SettingsError, match=needle) as caught:
        load_settings(environ, env_file=tmp_path / "none")
    assert "\n" not in str(caught.value)
