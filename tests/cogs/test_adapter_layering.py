"""The Discord adapter is thin: it reaches the database only through the services.

The composition root (`bot/app/wiring.py`) is the one module of `bot/app` that names the storage backend;
tests/services/test_layering.py checks that it is the only one, across every adapter."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "bot"
FORBIDDEN = ("bot.storage", "aiosqlite", "sqlite3")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


COMPOSITION_ROOT = ROOT / "app" / "wiring.py"
ADAPTER_FILES = [path for path in sorted((ROOT / "cogs").rglob("*.py")) + sorted((ROOT / "app").rglob("*.py"))
                 if path != COMPOSITION_ROOT]


@pytest.mark.parametrize("path", ADAPTER_FILES, ids=str)
def test_no_storage_imports(path: Path) -> None:
    bad = {name for name in imported_modules(path) if name.startswith(FORBIDDEN)}
    assert not bad, f"{path} imports {bad}"
