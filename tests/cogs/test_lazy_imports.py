"""Heavy libraries that only one command needs are imported when it runs, not at start (RSS)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_starting_the_bot_does_not_import_pillow() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import bot.app.client, bot.app.runner, bot.cogs\n"
        "for info in pkgutil.walk_packages(bot.cogs.__path__, 'bot.cogs.'):\n"
        "    importlib.import_module(info.name)\n"
        "print('PIL' in sys.modules, len([m for m in sys.modules if m.startswith('bot.cogs.')]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    loaded_pillow, cog_modules = out.stdout.split()
    assert int(cog_modules) > 10  # the walk really imported the cogs
    assert loaded_pillow == "False"
