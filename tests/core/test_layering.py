"""The core stays pure: no Discord, no database driver (docs/architecture.md, layers)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
FORBIDDEN_IN_CORE = {"discord", "aiosqlite", "sqlite3", "bot.storage", "bot.services", "bot.cogs", "bot.app"}


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _violations(folder: str, forbidden: set[str]) -> list[str]:
    found = []
    for path in sorted((BOT / folder).rglob("*.py")):
        for name in _imported_modules(path):
            if any(name == bad or name.startswith(bad + ".") for bad in forbidden):
                found.append(f"{path.relative_to(BOT.parent)} imports {name}")
    return found


def test_core_files_import_neither_discord_nor_aiosqlite() -> None:
    assert _violations("core", FORBIDDEN_IN_CORE) == []


@pytest.mark.parametrize("folder", ["services", "storage", "content"])
def test_lower_layers_do_not_import_discord(folder: str) -> None:
    assert _violations(folder, {"discord", "bot.cogs", "bot.app"}) == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import discord.ui\nfrom aiosqlite import connect\n", encoding="utf-8")
    assert {"discord.ui", "aiosqlite"} <= _imported_modules(sample)


def test_importing_every_core_module_loads_no_discord() -> None:
    modules = [f"bot.core.{p.stem}" for p in (BOT / "core").glob("*.py") if p.stem != "__init__"]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('discord', 'aiosqlite'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=BOT.parent)
    assert out.stdout.strip() == ""
