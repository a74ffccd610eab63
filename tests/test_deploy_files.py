"""The deployment files say what issue 7 promises. No Docker engine here, so we parse them."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCTOR_QUICK = ["python", "-m", "bot", "doctor", "--quick"]
DOCUMENTED_SETTINGS = [
    "DISCORD_TOKEN",
    "RECALL_DATABASE_URL",
    "RECALL_CONTENT_DIR",
    "RECALL_DEV_GUILD_ID",
    "RECALL_LOG_LEVEL",
    "RECALL_LOG_FORMAT",
    "DISCORD_API_BASE",
    "RECALL_BACKUP_DIR",
    "RECALL_BACKUP_KEEP",
]


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def args_of(self, keyword: str) -> list[str]:
        return [args for instruction, args in self.instructions if instruction == keyword]


def parse_dockerfile(text: str) -> list[Stage]:
    """Split a Dockerfile into stages of (INSTRUCTION, arguments), joining `\\` continuations."""
    logical: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        logical.append(pending + line)
        pending = ""
    assert not pending, "Dockerfile ends inside a line continuation"

    stages: list[Stage] = []
    for line in logical:
        instruction, _, args = line.partition(" ")
        instruction, args = instruction.upper(), args.strip()
        if instruction == "FROM":
            words = args.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base=words[0], name=name))
        else:
            assert stages, f"{instruction} before any FROM"
            stages[-1].instructions.append((instruction, args))
    return stages


def exec_form(args: str) -> list[str]:
    """`CMD ["a", "b"]` -> ["a", "b"]; shell form would run under /bin/sh and miss SIGTERM."""
    parsed = json.loads(args)
    assert isinstance(parsed, list), args
    return parsed


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse_dockerfile((ROOT / "Dockerfile").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bot_service(compose: dict) -> dict:
    return compose["services"]["bot"]


def test_the_parser_joins_continuations_and_finds_stages() -> None:
    text = "# c\nFROM a:1 AS one\nRUN x \\\n  && y\n\nFROM b\nCOPY --from=one /o /o\n"
    parsed = parse_dockerfile(text)
    assert [(s.base, s.name) for s in parsed] == [("a:1", "one"), ("b", None)]
    assert parsed[0].instructions == [("RUN", "x && y")]


def test_dockerfile_is_multi_stage_on_slim_python_311(stages: list[Stage]) -> None:
    assert len(stages) >= 2
    assert all(stage.base == "python:3.11-slim" for stage in stages)
    build_names = {stage.name for stage in stages[:-1]}
    copies_from_build = [a for a in stages[-1].args_of("COPY") if a.startswith("--from=")]
    assert copies_from_build, "the runtime stage should copy the built environment"
    assert all(a.split()[0].removeprefix("--from=") in build_names for a in copies_from_build)


def test_dependencies_come_from_pyproject(stages: list[Stage]) -> None:
    build = stages[0]
    assert any("pyproject.toml" in a for a in build.args_of("COPY"))
    runs = [shlex.split(a) for a in build.args_of("RUN")]
    # the project itself (with the math extra, so formulas are drawn), not a separate requirements list
    assert any(
        words[i : i + 3] == ["pip", "install", ".[math]"] for words in runs for i in range(len(words))
    ), "expected `pip install '.[math]'` in the build stage"


def test_runtime_runs_as_a_non_root_user(stages: list[Stage]) -> None:
    users = stages[-1].args_of("USER")
    assert users, "the runtime stage needs a USER"
    assert users[-1].split(":")[0] not in {"root", "0"}
    created = " ".join(stages[-1].args_of("RUN"))
    assert re.search(rf"useradd\b.*\b{re.escape(users[-1])}\b", created), "the USER must be created"


def test_runtime_has_tzdata(stages: list[Stage]) -> None:
    installs = [a for a in stages[-1].args_of("RUN") if "apt-get install" in a]
    assert any("tzdata" in a.split() for a in installs)


def test_data_folder_belongs_to_the_bot_user(stages: list[Stage]) -> None:
    runs = " ".join(stages[-1].args_of("RUN"))
    assert re.search(r"chown \S+ /data\b", runs), "a fresh named volume copies /data's owner"


def test_dockerfile_command_and_healthcheck(stages: list[Stage]) -> None:
    runtime = stages[-1]
    assert exec_form(runtime.args_of("CMD")[-1]) == ["python", "-m", "bot"]
    health = runtime.args_of("HEALTHCHECK")[-1]
    assert exec_form(health[health.index("CMD") + len("CMD") :].strip()) == DOCTOR_QUICK


def test_dockerfile_points_the_database_at_the_volume(stages: list[Stage]) -> None:
    env = " ".join(stages[-1].args_of("ENV"))
    assert "RECALL_DATABASE_URL=sqlite:////data/recall.db" in env.split()


def test_compose_builds_the_bot_from_here(bot_service: dict) -> None:
    assert bot_service["build"] in (".", {"context": "."})
    assert bot_service["env_file"] in (".env", [".env"])
    assert bot_service["restart"] == "unless-stopped"


def test_compose_database_lives_on_a_named_volume(compose: dict, bot_service: dict) -> None:
    assert bot_service["environment"]["RECALL_DATABASE_URL"] == "sqlite:////data/recall.db"
    mounts = [m.split(":") for m in bot_service["volumes"]]
    data_mounts = [m for m in mounts if m[1] == "/data"]
    assert len(data_mounts) == 1
    volume_name = data_mounts[0][0]
    assert not volume_name.startswith((".", "/")), "a named volume, not a bind mount"
    assert volume_name in compose["volumes"]


def test_compose_mounts_content_read_only(bot_service: dict) -> None:
    assert "./content:/app/content:ro" in bot_service["volumes"]
    assert bot_service["environment"]["RECALL_CONTENT_DIR"] == "/app/content"


def test_compose_healthcheck_runs_doctor_quick(bot_service: dict) -> None:
    test = bot_service["healthcheck"]["test"]
    assert test[0] in {"CMD", "CMD-SHELL"}
    command = test[1:] if test[0] == "CMD" else shlex.split(test[1])
    assert command == DOCTOR_QUICK


def test_compose_gives_the_bot_time_to_stop_cleanly(bot_service: dict) -> None:
    grace = bot_service.get("stop_grace_period", "10s")
    assert int(grace.rstrip("s")) > 10, "the bot may take up to 10 s after SIGTERM"


def _env_example() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f"not KEY=value: {line!r}"
            values[key.strip()] = value.strip()
    return values


def test_env_example_documents_every_setting() -> None:
    values = _env_example()
    assert set(DOCUMENTED_SETTINGS) <= set(values)
    assert values["DISCORD_TOKEN"] == "", "never ship a token"
    assert values["RECALL_LOG_FORMAT"] in {"text", "json"}
    assert int(values["RECALL_BACKUP_KEEP"]) > 0


def test_every_setting_the_code_reads_is_in_env_example() -> None:
    """A setting added in code but not in .env.example is invisible to admins."""
    names: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        names |= set(re.findall(r"[\"'](RECALL_[A-Z0-9_]+|DISCORD_[A-Z0-9_]+)[\"']", path.read_text("utf-8")))
    missing = sorted(names - set(_env_example()))
    assert missing == []


def test_env_example_backups_land_on_the_volume_in_docker(bot_service: dict) -> None:
    from bot.database_url import database_path_from_url
    from bot.ops.backup import backup_folder

    db_in_container = database_path_from_url(bot_service["environment"]["RECALL_DATABASE_URL"])
    folder = backup_folder(db_in_container, _env_example()["RECALL_BACKUP_DIR"])
    assert folder.is_relative_to("/data"), folder


def test_env_example_comments_each_setting() -> None:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            assert index > 0 and lines[index - 1].startswith("#"), f"no comment above {line!r}"


def test_dockerignore_keeps_secrets_and_state_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for pattern in (".env", ".git", ".venv", "data"):
        assert pattern in ignored
    assert "!.env.example" in ignored
    assert "content" not in ignored and "README.md" not in ignored, "the build needs them"


# --- the PostgreSQL deployment (issue 14): a second file, run on its own with -f --------------------------
SHARD_SERVICES = ("shard-0", "shard-1")


@pytest.fixture(scope="module")
def postgres_compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.postgres.yml").read_text(encoding="utf-8"))


def test_the_default_compose_file_stays_one_sqlite_bot(compose: dict) -> None:
    assert list(compose["services"]) == ["bot"]
    assert list(compose["volumes"]) == ["recall-data"]


def test_postgres_compose_has_no_sqlite_bot_to_double_the_login(postgres_compose: dict) -> None:
    assert set(postgres_compose["services"]) == {"postgres", *SHARD_SERVICES}


def test_postgres_service_is_15_on_a_named_volume_with_a_healthcheck(postgres_compose: dict) -> None:
    postgres = postgres_compose["services"]["postgres"]
    assert postgres["image"].split(":")[0] == "postgres" and postgres["image"].split(":")[1].startswith("15")
    (mount,) = postgres["volumes"]
    volume, path = mount.split(":")
    assert path == "/var/lib/postgresql/data" and not volume.startswith((".", "/")) and volume in postgres_compose["volumes"]
    test = postgres["healthcheck"]["test"]
    assert test[0] == "CMD" and test[1] == "pg_isready"
    password = postgres["environment"]["POSTGRES_PASSWORD"]
    assert password.startswith("${POSTGRES_PASSWORD:?"), "never a password written in the file"


def test_two_shard_services_of_the_same_image_split_the_shards(postgres_compose: dict, bot_service: dict) -> None:
    from bot.core.shards import parse_shard_ids
    from bot.database_url import parse_database_url

    owned: list[int] = []
    postgres = postgres_compose["services"]["postgres"]["environment"]
    for name in SHARD_SERVICES:
        shard = postgres_compose["services"][name]
        assert shard["image"] == bot_service["image"] and shard["build"] == bot_service["build"]
        assert shard["env_file"] in (".env", [".env"]) and shard["restart"] == "unless-stopped"
        env = shard["environment"]
        assert env["RECALL_SHARD_COUNT"] == "2"
        owned.extend(parse_shard_ids(env["RECALL_SHARD_IDS"], 2))
        url = parse_database_url(env["RECALL_DATABASE_URL"].replace("${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
                                                                    "pw"))
        assert url.backend == "postgresql" and url.dsn == f"postgresql://{postgres['POSTGRES_USER']}:pw@postgres:5432/" \
            f"{postgres['POSTGRES_DB']}", "the URL names the postgres service, its user and database"
        assert shard["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert "./content:/app/content:ro" in shard["volumes"] and env["RECALL_CONTENT_DIR"] == "/app/content"
        test = shard["healthcheck"]["test"]
        assert test[0] == "CMD" and test[1:] == DOCTOR_QUICK
        assert int(shard["stop_grace_period"].rstrip("s")) > 10
    assert sorted(owned) == [0, 1], "shards 0 and 1 of 2, each in one process"


def test_env_example_documents_the_postgres_password() -> None:
    assert "POSTGRES_PASSWORD" in _env_example() and _env_example()["POSTGRES_PASSWORD"] == ""
