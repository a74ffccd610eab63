"""content/schema.json is the JSON Schema generated from the core models, kept in step by this test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.content.schema import deck_json_schema, deck_json_schema_text

REPOSITORY = Path(__file__).resolve().parents[2]
COMMITTED = REPOSITORY / "content" / "schema.json"


def test_committed_schema_equals_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == deck_json_schema_text(), (
        "content/schema.json is out of date: run `python -m bot content schema > content/schema.json`"
    )


def test_schema_command_prints_the_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "content", "schema"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == deck_json_schema()


def test_schema_describes_the_deck_format() -> None:
    schema = deck_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Recall deck"
    assert set(schema["required"]) == {"id", "title", "cards"}
    assert schema["additionalProperties"] is False
    assert set(schema["$defs"]) >= {"Flashcard", "ChoiceCard", "OpenCard", "Option", "Concept"}
    assert schema["properties"]["id"]["maxLength"] == 32
