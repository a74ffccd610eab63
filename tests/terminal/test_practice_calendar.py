"""`python -m bot practice` ends with the study calendar as text, the same one /stats draws."""

from __future__ import annotations

from pathlib import Path

from tests.terminal.test_practice import practice


def test_practice_ends_with_the_calendar(tmp_path: Path) -> None:
    result = practice(tmp_path, "1\n1\n1\n", "--kind", "choice", "--count", "3")
    assert result.returncode == 0, result.stderr
    tail = result.stdout.split("Done:", 1)[1]
    assert "Current streak: 1 day  ·  Longest: 1 day" in tail
    assert "3 answers on 1 day in the last 12 weeks" in tail
    rows = [line for line in tail.splitlines() if line[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
    assert len(rows) == 7
    assert sum(row.count("▒") for row in rows) == 1  # today: 3 answers, the second shade (3-5)
    assert "less · ░ ▒ ▓ █ more" in tail
