"""The semantic layer is an adapter: the core and the services never import it or its libraries, it
imports no Discord, storage or services, and a bot without it never loads numpy or onnxruntime."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.services.test_layering import imports_of, is_under

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "bot"
MODEL_LIBRARIES = ("bot.semantic", "onnxruntime", "tokenizers", "numpy", "onnx", "torch")


def _imports(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for path in sorted((BOT / folder).rglob("*.py")):
        found.extend(f"{path.relative_to(ROOT)} imports {name}" for name in sorted(imports_of(path, ROOT))
                     if any(is_under(name, bad) for bad in forbidden))
    return found


def test_core_and_services_never_import_the_model_or_its_libraries() -> None:
    assert _imports("core", MODEL_LIBRARIES) == []
    assert _imports("services", MODEL_LIBRARIES) == []


def test_the_semantic_adapter_imports_no_discord_storage_services_or_front_ends() -> None:
    assert _imports("semantic", ("discord", "aiosqlite", "bot.storage", "bot.services", "bot.cogs", "bot.app",
                                 "bot.terminal", "torch")) == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    (tmp_path / "bot" / "core").mkdir(parents=True)
    sample = tmp_path / "bot" / "core" / "x.py"
    sample.write_text("def f():\n    from bot.semantic.onnx_judge import load_judge\n    import numpy\n")
    assert {"bot.semantic.onnx_judge", "numpy"} <= imports_of(sample, tmp_path)


def test_with_the_layer_off_the_bot_loads_no_model_library() -> None:
    code = (
        "import sys\n"
        "from bot.settings import Settings\n"
        "import bot.app.client, bot.app.runner, bot.core.grading_semantic, bot.services.grading_worker\n"
        "from bot.app.grading_layers import start_grading_layers\n"
        "print(start_grading_layers(Settings(discord_token='x')))\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'onnxruntime', 'tokenizers'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    line, loaded = out.stdout.splitlines()
    assert "semantic off" in line
    assert loaded == ""
