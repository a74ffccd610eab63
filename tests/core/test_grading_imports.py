"""The bot process grades answers without numpy (about 11 MB of RSS; issue's memory target)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import bot.app.client, bot.app.runner, bot.core.grading
from bot.core.deck import Concept
from bot.core.grading import grade_answer
result = grade_answer(
    "The studnet is not smaller; a large teacher model transfers knowledge.",
    [Concept(name="student", keywords=["student"]), Concept(name="teacher", keywords=["large model"])],
)
print(result.hits, "numpy" in sys.modules)
"""


def test_grading_in_the_bot_process_does_not_import_numpy() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert completed.stdout.split() == ["2", "False"]  # "studnet" went through typo matching
