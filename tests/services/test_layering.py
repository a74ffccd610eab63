"""Services depend on ports, one composition root names the storage backend, and nothing imports in a circle.

Each rule is checked by a function that is also fed a small tree with the forbidden thing in it (the
`*_sees_*` tests), so a check that could never fail would show here.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot import database_url
from bot.app import wiring
from bot.database_url import DatabaseUrlError

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "bot"
DRIVERS = ("aiosqlite", "sqlite3", "_sqlite3", "asyncpg")
STORAGE = "bot.storage"
ADAPTERS = ("cogs", "terminal", "ops", "app")
COMPOSITION_ROOT = BOT / "app" / "wiring.py"


# --- the checkers ------------------------------------------------------------------------------------
def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path) -> set[str]:
    """Every module a file imports anywhere in it (inside functions and `if TYPE_CHECKING:` too), relative
    imports resolved; `from package import name` also yields `package.name` (it may be a module)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def is_under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def forbidden_imports(files: list[Path], root: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{path.relative_to(root)} imports {name}" for path in files for name in imports_of(path, root)
                  if any(is_under(name, bad) for bad in forbidden))


def mentions(files: list[Path], root: Path, text: str) -> list[str]:
    """`grep -rn text`: every line naming it, docstrings and comments included."""
    return [f"{path.relative_to(root)}:{number}" for path in files
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line]


def import_graph(package_dir: Path, root: Path) -> dict[str, set[str]]:
    """module -> the modules of the same package it imports (statically, anywhere in the file)."""
    modules = {module_name(path, root): path for path in sorted(package_dir.rglob("*.py"))}
    return {name: (imports_of(path, root) & modules.keys()) - {name} for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """A cycle of the graph as a path (first node repeated at the end), or [] when it is acyclic."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return []


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(cwd), str(ROOT)])}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def loaded_by_importing(modules: list[str], cwd: Path) -> list[str]:
    """The database drivers and storage modules a fresh interpreter holds after importing `modules`."""
    code = textwrap.dedent(f"""
        import importlib, json, sys
        for name in {modules!r}:
            importlib.import_module(name)
        print(json.dumps(sorted(m for m in sys.modules
                                if m.split(".")[0] in {DRIVERS!r} or m == {STORAGE!r} or m.startswith({STORAGE + "."!r}))))
    """)
    done = run_python(code, cwd)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def imports_alone(module: str, cwd: Path) -> str:
    """'' when a fresh interpreter imports `module` first and alone; else the error's last line."""
    done = run_python(f"import {module}", cwd)
    return "" if done.returncode == 0 else (done.stderr.strip().splitlines() or ["failed"])[-1]


def services_files() -> list[Path]:
    return sorted((BOT / "services").rglob("*.py"))


def services_modules() -> list[str]:
    return [module_name(path, ROOT) for path in services_files()]


def write(root: Path, files: dict[str, str]) -> list[Path]:
    written = []
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        written.append(path)
    return written


# --- services depend on ports, not on storage ----------------------------------------------------------
def test_services_import_nothing_from_storage() -> None:
    assert forbidden_imports(services_files(), ROOT, (STORAGE, *DRIVERS)) == []


def test_services_do_not_even_name_the_storage_package() -> None:
    assert mentions(services_files(), ROOT, STORAGE) == []  # `grep -rn "bot.storage" bot/services`


def test_the_import_checker_sees_storage_in_functions_type_checking_and_relative_imports(tmp_path: Path) -> None:
    files = write(tmp_path, {
        "bot/services/__init__.py": "",
        "bot/services/sneaky.py": """
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from bot.storage.database import Database
            def later():
                import aiosqlite
                from ..storage import reads
            \"\"\"The docstring names bot.storage too.\"\"\"
        """,
    })
    assert forbidden_imports(files, tmp_path, (STORAGE, *DRIVERS)) == [
        "bot/services/sneaky.py imports aiosqlite",
        "bot/services/sneaky.py imports bot.storage",
        "bot/services/sneaky.py imports bot.storage.database",
        "bot/services/sneaky.py imports bot.storage.database.Database",
        "bot/services/sneaky.py imports bot.storage.reads",
    ]
    assert mentions(files, tmp_path, STORAGE) == ["bot/services/sneaky.py:4", "bot/services/sneaky.py:8"]


def test_importing_every_services_module_loads_no_driver_and_no_storage() -> None:
    assert loaded_by_importing(services_modules(), ROOT) == []


def test_the_loaded_module_check_sees_a_driver_and_storage(tmp_path: Path) -> None:
    write(tmp_path, {"probe/__init__.py": "", "probe/uses_sqlite.py": "import sqlite3\n",
                     "probe/uses_storage.py": "import bot.storage.url\n"})
    assert {"_sqlite3", "sqlite3"} <= set(loaded_by_importing(["probe.uses_sqlite"], tmp_path))
    assert {"bot.storage", "bot.storage.url"} <= set(loaded_by_importing(["probe.uses_storage"], tmp_path))


# --- no import cycle among the services ---------------------------------------------------------------
def test_the_services_import_graph_is_acyclic() -> None:
    graph = import_graph(BOT / "services", ROOT)
    assert graph.get("bot.services.learning")  # the walk found real edges
    assert "bot.services.member_data" in graph["bot.services.learning"]  # `from bot.services import member_data`
    assert find_cycle(graph) == []


def test_the_cycle_finder_sees_a_cycle_hidden_in_a_function_and_type_checking(tmp_path: Path) -> None:
    write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "def later():\n    from pkg import b\n",
        "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.c import C\n",
        "pkg/c.py": "from .a import later\n",
        "pkg/d.py": "from pkg import a\n",
    })
    assert find_cycle(import_graph(tmp_path / "pkg", tmp_path)) == ["pkg.a", "pkg.b", "pkg.c", "pkg.a"]
    (tmp_path / "pkg" / "c.py").write_text("X = 1\n", encoding="utf-8")
    assert find_cycle(import_graph(tmp_path / "pkg", tmp_path)) == []


@pytest.mark.parametrize("module", services_modules())
def test_each_services_module_imports_first_and_alone(module: str) -> None:
    assert imports_alone(module, ROOT) == ""


def test_the_alone_import_check_sees_a_circular_import(tmp_path: Path) -> None:
    write(tmp_path, {"loop/__init__.py": "", "loop/a.py": "from loop.b import B\nA = 1\n",
                     "loop/b.py": "from loop.a import A\nB = 2\n"})
    assert "ImportError" in imports_alone("loop.b", tmp_path)


# --- content and the adapters --------------------------------------------------------------------------
def adapter_files(root: Path) -> list[Path]:
    files = [path for folder in ADAPTERS for path in sorted((root / "bot" / folder).rglob("*.py"))]
    files += [root / "bot" / "cli.py"] if (root / "bot" / "cli.py").exists() else []
    return [path for path in files if path.relative_to(root) != COMPOSITION_ROOT.relative_to(ROOT)]


def content_files(root: Path) -> list[Path]:
    return sorted((root / "bot" / "content").rglob("*.py"))


def test_content_imports_no_adapter() -> None:
    assert content_files(ROOT)  # the folder is there
    assert forbidden_imports(content_files(ROOT), ROOT, ("bot.terminal", "bot.cogs", "bot.app")) == []


def test_adapters_reach_storage_only_through_the_composition_root() -> None:
    files = adapter_files(ROOT)
    assert BOT / "terminal" / "doctor.py" in files and BOT / "ops" / "restore.py" in files
    assert forbidden_imports(files, ROOT, (STORAGE,)) == []
    assert any(is_under(name, STORAGE) for name in imports_of(COMPOSITION_ROOT, ROOT))  # it is where storage is named


def test_the_content_and_adapter_checks_see_forbidden_imports(tmp_path: Path) -> None:
    write(tmp_path, {
        "bot/content/commands.py": "def run():\n    from bot.terminal.suggest_concepts import run\n",
        "bot/ops/restore.py": "def latest():\n    from bot.storage.sqlite import LATEST_VERSION\n",
        "bot/app/wiring.py": "from bot.storage.database import Database\n",
        "bot/cogs/x.py": "from bot.storage import reads\n",
    })
    assert forbidden_imports(content_files(tmp_path), tmp_path, ("bot.terminal", "bot.cogs", "bot.app")) == [
        "bot/content/commands.py imports bot.terminal.suggest_concepts",
        "bot/content/commands.py imports bot.terminal.suggest_concepts.run",
    ]
    assert forbidden_imports(adapter_files(tmp_path), tmp_path, (STORAGE,)) == [
        "bot/cogs/x.py imports bot.storage",
        "bot/cogs/x.py imports bot.storage.reads",
        "bot/ops/restore.py imports bot.storage.sqlite",
        "bot/ops/restore.py imports bot.storage.sqlite.LATEST_VERSION",
    ]


# --- the composition root's table of backends ------------------------------------------------------------
def test_the_wiring_serves_sqlite_and_knows_its_schema(tmp_path: Path) -> None:
    backend = wiring.backend_for(f"sqlite:///{tmp_path}/x.db")
    assert backend.name == "sqlite" and backend.latest_version >= 7
    assert {"attempts", "guild_decks", "schedules"} <= backend.schema_tables(backend.latest_version)
    assert not (tmp_path / "x.db").exists()  # asking opened nothing


async def test_the_wiring_refuses_a_backend_it_has_no_entry_for(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # A URL scheme the parser accepts but no backend serves (as PostgreSQL was before its backend was built).
    monkeypatch.setitem(database_url.BACKENDS, "postgresql", "postgresql")
    monkeypatch.delitem(wiring.BACKENDS, "postgresql")
    url = "postgresql:///recall"
    expected = str(DatabaseUrlError(url, "postgresql databases are not supported yet"))
    assert expected.startswith("can't use the database URL") and url in expected and database_url.ACCEPTED in expected
    with pytest.raises(DatabaseUrlError) as refused:
        wiring.backend_for(url)
    assert str(refused.value) == expected
    with pytest.raises(DatabaseUrlError) as opened:
        await wiring.open_services(url, {})
    assert str(opened.value) == expected
    monkeypatch.setitem(wiring.BACKENDS, "postgresql", wiring.BACKENDS["sqlite"])  # with an entry it is served
    assert wiring.backend_for(url) is wiring.BACKENDS["sqlite"]


async def test_an_unknown_scheme_gets_the_same_message_from_the_wiring(tmp_path: Path) -> None:
    url = f"mysql:///{tmp_path}/x.db"
    with pytest.raises(DatabaseUrlError) as refused:
        await wiring.open_services(url, {})
    assert str(refused.value) == str(DatabaseUrlError(url, "the scheme 'mysql' is not supported"))
    assert list(tmp_path.iterdir()) == []
