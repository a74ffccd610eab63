"""The content commands (bot/terminal/content_commands.py) stay light: no discord, and every subcommand is
registered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
FIXTURES = REPOSITORY / "tests" / "content" / "fixtures"


def test_check_and_import_do_not_import_discord(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from bot.cli import main\n"
        "assert main(['content', 'check', 'content/']) == 0\n"
        "assert main(['content', 'lint', 'content/']) == 0\n"
        f"assert main(['content', 'import', {str(FIXTURES / 'cards.csv')!r}, '--to', {str(tmp_path / 'c.yaml')!r}]) == 0\n"
        "heavy = sorted(name for name in sys.modules if name.split('.')[0] in ('discord', 'aiosqlite'))\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_all_content_subcommands_are_registered() -> None:
    from bot.cli import build_parser

    parser = build_parser()
    for argv in (
        ["content", "check"],
        ["content", "lint"],
        ["content", "lint", "content/", "other.yaml"],
        ["content", "coverage", "deck", "card", "-"],
        ["content", "show", "x"],
        ["content", "import", "f.txt", "--to", "content/x.yaml", "--format", "anki"],
        ["content", "schema"],
        ["content", "suggest-concepts", "deck", "card"],
    ):
        args = parser.parse_args(argv)
        assert callable(args.handler), argv
    suggest = parser.parse_args(
        ["content", "suggest-concepts", "model-optimization-nlp", "explain-distillation"]
    )
    assert (suggest.deck, suggest.card) == ("model-optimization-nlp", "explain-distillation")
