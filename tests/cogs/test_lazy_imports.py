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



def test_the_deck_report_loads_pillow_only_when_it_draws() -> None:
    # /deck report's picture module and its cog import nothing heavy; drawing loads Pillow.
    code = (
        "import sys\n"
        "import bot.ops.deck_report_image, bot.cogs.admin.deck_report, bot.services.deck_report\n"
        "print('PIL' in sys.modules, end=' ')\n"
        "from datetime import UTC, datetime\n"
        "from bot.services.api import DeckRef\n"
        "from bot.services.deck_report import DeckReport\n"
        "now = datetime.now(UTC)\n"
        "report = DeckReport(1, DeckRef(0, 'd'), 'D', 'all', None, now, (), 0, 0, 0, (), (), 0, 0, ())\n"
        "png = bot.ops.deck_report_image.render_deck_report(report)\n"
        "print('PIL' in sys.modules, png[:4] == b'\\x89PNG')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "True", "True"]

def test_the_bot_checks_decks_without_importing_pydantic_or_yaml(tmp_path: Path) -> None:
    # What the bot does at start (all its modules, the built-in decks, the server uploads) and on an
    # upload, on a real database: the YAML reader and pydantic stay in the checker's child process.
    code = (
        "import asyncio, importlib, pkgutil, sys\n"
        "from datetime import UTC, datetime\n"
        "from pathlib import Path\n"
        "import bot.app.client, bot.app.runner, bot.cogs\n"
        "for info in pkgutil.walk_packages(bot.cogs.__path__, 'bot.cogs.'):\n"
        "    importlib.import_module(info.name)\n"
        "from bot.content.isolated import check_content, check_texts\n"
        "from bot.app.wiring import open_services\n"
        "async def main():\n"
        "    content = await check_content([Path('content')])\n"
        f"    services = await open_services('sqlite:///{tmp_path}/recall.db', content.decks, deck_checker=check_texts)\n"
        "    text = Path('content/model-optimization-nlp.yaml').read_text().replace('id: model-optimization-nlp',"
        " 'id: club-copy', 1)\n"
        "    upload = await services.admin.upload_deck(1, 2, 'club.yaml', text.encode(), now=datetime.now(UTC))\n"
        "    await services.close()\n"
        "    return len(content.decks), upload.deck.id, len(upload.deck.cards)\n"
        "decks, uploaded, cards = asyncio.run(main())\n"
        "print(decks, uploaded, cards, *sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'pydantic_core', 'yaml'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    decks, uploaded, cards, *heavy = out.stdout.split()
    assert int(decks) >= 3 and uploaded == "club-copy" and int(cards) == 12
    assert heavy == []
