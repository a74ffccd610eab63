"""Services on each backend (a SQLite file in tmp_path, a fresh PostgreSQL database: tests/backends.py), serving
the sample deck plus a small synthetic one. A test asking for `services` (or `backend_url`) runs on both."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.wiring import open_services
from bot.content.loader import load_decks
from bot.content.validation import validate_deck
from bot.core.deck import Deck
from bot.services.bundle import Services
from tests.backends import *  # noqa: F403 - the backend fixtures (tests/backends.py)

CONTENT = Path(__file__).resolve().parents[2] / "content"
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)  # a Monday


def tiny_deck() -> Deck:
    return validate_deck({
        "id": "tiny",
        "title": "Tiny",
        "cards": [
            {"id": "f1", "kind": "flashcard", "level": "beginner", "front": "F1?", "back": "B1"},
            {"id": "f2", "kind": "flashcard", "level": "advanced", "front": "F2?", "back": "B2"},
            {"id": "c1", "kind": "choice", "level": "beginner", "question": "Q?", "explanation": "E",
             "options": [{"text": "right", "correct": True}, {"text": "wrong"}]},
            {"id": "o1", "kind": "open", "level": "intermediate", "prompt": "Explain",
             "concepts": [{"name": "alpha", "keywords": ["alpha"]}, {"name": "beta", "keywords": ["beta"]}]},
        ],
    })


@pytest.fixture
def decks() -> dict[str, Deck]:
    loaded = load_decks([CONTENT]).decks
    loaded["tiny"] = tiny_deck()
    return loaded


@pytest.fixture
async def services(backend_url: str, decks: dict[str, Deck]) -> AsyncIterator[Services]:
    opened = await open_services(backend_url, decks)
    yield opened
    await opened.close()


@pytest.fixture
def rng() -> random.Random:
    return random.Random(1234)
