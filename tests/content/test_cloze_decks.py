"""Cloze cards in deck files: `content check` and `content lint` report broken markup as `file:line field:
message`, the checker child hands cloze cards back (its unpickle list knows them), the schema lists the kind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.content.isolated import check_texts, check_texts_here
from bot.content.loader import load_deck_text
from bot.core.deck import ClozeCard

ROOT = Path(__file__).resolve().parents[2]
GOOD = """id: cells
title: Cells
cards:
  - id: cell
    kind: cloze
    level: beginner
    text: "{{c1::Mitochondria}} make {{c2::ATP::energy molecule}}"
    extra: In almost every cell.
"""
BROKEN = """id: cells
title: Cells
cards:
  - id: cell
    kind: cloze
    level: beginner
    text: "{{c1:Mitochondria}} make ATP"
  - id: empty
    kind: cloze
    level: beginner
    text: "no gaps at all"
    hint: not a cloze field
"""


def test_broken_markup_and_unknown_keys_are_author_messages_with_lines() -> None:
    loaded = load_deck_text(BROKEN, "cells.yaml")
    problems = [str(problem) for problem in loaded.problems]
    assert loaded.deck is None
    assert any(p.startswith("cells.yaml:7 cards[0].text: broken gap at character 1") and "two colons" in p
               for p in problems), problems
    assert any(p.startswith("cells.yaml:11 cards[1].text: a cloze card needs at least one gap") for p in problems)
    assert any("cards[1].hint: unknown key 'hint'" in p for p in problems), problems


async def test_the_checker_child_returns_cloze_cards() -> None:
    texts = [(GOOD, "cells.yaml")]
    child = await check_texts(texts)
    assert child == await check_texts_here(texts)
    ((deck, errors, _warnings),) = child
    assert deck is not None and errors == []
    (card,) = deck.cards
    assert isinstance(card, ClozeCard) and card.extra == "In almost every cell."
    assert [gap.id for gap in card.gaps()] == ["cell:c1", "cell:c2"]


def test_content_check_and_lint_accept_a_cloze_deck_and_refuse_broken_markup(tmp_path: Path) -> None:
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "cells.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "cells.yaml").write_text(BROKEN, encoding="utf-8")
    for command in ("check", "lint"):
        good = subprocess.run([sys.executable, "-m", "bot", "content", command, str(tmp_path / "good")],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert good.returncode == 0, good.stdout + good.stderr
        bad = subprocess.run([sys.executable, "-m", "bot", "content", command, str(tmp_path / "bad")],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert bad.returncode == 2 and "cards[0].text: broken gap" in bad.stdout + bad.stderr


def test_the_schema_knows_the_cloze_kind() -> None:
    schema = json.loads((ROOT / "content" / "schema.json").read_text(encoding="utf-8"))
    cloze = schema["$defs"]["ClozeCard"]
    assert {"id", "kind", "level", "text", "extra"} <= set(cloze["properties"])
    assert cloze["additionalProperties"] is False
