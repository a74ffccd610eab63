"""The catalogues stay below the adapters: bot/i18n names no Discord and no adapter, and the core and the
services read no catalogue (Babel is the adapters' business); the .po files ship in the package."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from tests.services.test_layering import BOT, ROOT, forbidden_imports


def python_files(folder: str) -> list[Path]:
    return sorted((BOT / folder).rglob("*.py"))


def test_i18n_imports_no_discord_and_no_adapter() -> None:
    assert forbidden_imports(python_files("i18n"), ROOT, ("discord", "bot.app", "bot.cogs", "bot.storage")) == []


def test_core_and_services_import_no_catalogue_and_no_babel() -> None:
    files = python_files("core") + python_files("services")
    assert forbidden_imports(files, ROOT, ("babel", "bot.i18n")) == []


def test_the_check_sees_discord_in_i18n(tmp_path: Path) -> None:
    module = tmp_path / "bot" / "i18n" / "bad.py"
    module.parent.mkdir(parents=True)
    module.write_text("def f():\n    from discord import app_commands\n")
    assert forbidden_imports([module], tmp_path, ("discord",)) == ["bot/i18n/bad.py imports discord",
                                                                  "bot/i18n/bad.py imports discord.app_commands"]


def test_every_catalogue_is_package_data() -> None:
    """A non-editable install (the Docker image) reads the catalogues from the installed package."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]["bot.i18n"]
    catalogues = sorted(path.relative_to(BOT / "i18n").as_posix() for path in (BOT / "i18n").rglob("*.po"))
    assert len(catalogues) >= 5
    assert [path for path in catalogues if not any(fnmatch(path, pattern) for pattern in patterns)] == []
