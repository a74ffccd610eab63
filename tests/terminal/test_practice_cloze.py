"""`python -m bot practice` asks cloze gaps: typed words graded (a typo allowed), or revealed and rated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.terminal.test_practice import practice

DECK = """id: cells
title: Cells
cards:
  - id: cell
    kind: cloze
    level: beginner
    text: "{{c1::Mitochondria}} make {{c2::ATP}}"
"""


def test_practice_types_one_gap_and_reveals_the_other(tmp_path: Path) -> None:
    content = tmp_path / "decks"
    content.mkdir()
    (content / "cells.yaml").write_text(DECK, encoding="utf-8")
    # Each gap answered "mitocondria": right for c1 (a typo), wrong for c2; then nothing typed: revealed, rated.
    result = practice(tmp_path, "mitocondria\n\n3\n", "--content", str(content), "--kind", "cloze", "--count", "2")
    assert result.returncode == 0, result.stderr
    assert "[...]" in result.stdout and "→ " in result.stdout, result.stdout
    with sqlite3.connect(tmp_path / "data" / "recall.db") as conn:
        rows = conn.execute("SELECT card_id, kind, answer_text, rating FROM attempts ORDER BY id").fetchall()
    assert [row[1] for row in rows] == ["cloze", "cloze"] and {row[0] for row in rows} == {"cell:c1", "cell:c2"}
    typed, revealed = rows
    assert typed[2] == "mitocondria" and revealed[3] == 3
    if typed[0] == "cell:c1":
        assert "✓ Correct" in result.stdout and "you wrote mitocondria" in result.stdout
    else:
        assert "✗ Not quite" in result.stdout
