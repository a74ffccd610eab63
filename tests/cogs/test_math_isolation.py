"""matplotlib is only ever imported in the math child: the bot process that draws formulas never loads it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_drawing_a_formula_leaves_matplotlib_out_of_the_bot_process() -> None:
    code = (
        "import asyncio, importlib, pkgutil, sys\n"
        "import bot.app.client, bot.app.runner, bot.cogs\n"
        "for info in pkgutil.walk_packages(bot.cogs.__path__, 'bot.cogs.'):\n"
        "    importlib.import_module(info.name)\n"
        "from bot.cogs.card_media import CardMedia\n"
        "from bot.cogs.common import Reply\n"
        "from bot.ops.math_render import MathRenderer\n"
        "from bot.core.deck import Flashcard\n"
        "card = Flashcard(id='c', kind='flashcard', level='beginner', front='$\\\\frac{a}{b}$', back='b')\n"
        "reply = asyncio.run(CardMedia({}, MathRenderer(enabled=True)).attach(Reply(), 'd', card, [card.front]))\n"
        "print([f.filename for f in reply.files], 'matplotlib' in sys.modules, 'numpy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["['math.png']", "False", "False"]
