"""The exact-verdict tests of every language write a grade as one character per concept, so a case reads
as a line: "1" credited, "n" found but denied, "0" not found."""

from __future__ import annotations

from bot.core.grading import GradeResult


def verdict_codes(result: GradeResult) -> str:
    return "".join("1" if verdict.hit else "n" if verdict.negated else "0" for verdict in result.concepts)
