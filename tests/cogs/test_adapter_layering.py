"""The Discord adapter is thin: it reaches the database only through the services."""

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


@pytest.mark.parametrize("path", sorted((ROOT / "cogs").rglob("*.py")) + sorted((ROOT / "app").rglob("*.py")), ids=str)
def test_no_storage_imports(path: Path) -> None:
    bad = {name for name in imported_modules(path) if name.startswith(FORBIDDEN)}
    assert not bad, f"{path} imports {bad}"
