"""The bot holds decks without pydantic: the core model imports and unpickles without it.

Decks are validated in a short-lived child process and sent to the bot pickled, so both sides are
checked here in real subprocesses: the import alone, and the unpickling of a deck that went through
the loader. The child refuses any import of pydantic, so a lazy import would fail loudly.
"""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from bot.content.loader import load_deck_file
from bot.core.deck import Deck
from tests.core.deck_summary import summary

REPOSITORY = Path(__file__).resolve().parents[2]
SAMPLE_DECK = REPOSITORY / "content" / "model-optimization-nlp.yaml"

# Runs first in every child: any attempt to import pydantic or pydantic_core raises ImportError.
REFUSE_PYDANTIC = """
import sys

class RefusePydantic:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pydantic", "pydantic_core"):
            raise ImportError(f"{name} was imported")
        return None

sys.meta_path.insert(0, RefusePydantic())
"""

LOADED_PYDANTIC = "sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core'))"


def run_child(code: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", REFUSE_PYDANTIC + code],
        input=stdin,
        capture_output=True,
        cwd=REPOSITORY,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def sample_deck() -> Deck:
    loaded = load_deck_file(SAMPLE_DECK)
    assert loaded.errors == [] and loaded.deck is not None
    return loaded.deck


def test_importing_the_deck_module_loads_no_pydantic() -> None:
    result = run_child(f"import bot.core.deck, bot.core.constraints\nprint({LOADED_PYDANTIC})\n")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == "[]"


def test_the_child_really_refuses_pydantic() -> None:
    """Guards the check above: without the refusal working, a pass would mean nothing."""
    result = run_child("import pydantic\n")
    assert result.returncode != 0
    assert b"pydantic was imported" in result.stderr


def test_a_loaded_deck_round_trips_through_pickle_without_pydantic(sample_deck: Deck) -> None:
    child = (
        "import pickle\n"
        "from tests.core.deck_summary import summary\n"
        "deck = pickle.loads(sys.stdin.buffer.read())\n"
        f"sys.stdout.buffer.write(pickle.dumps(({LOADED_PYDANTIC}, summary(deck), deck)))\n"
    )
    result = run_child(child, pickle.dumps(sample_deck))
    assert result.returncode == 0, result.stderr.decode()
    loaded_in_child, summary_in_child, returned = pickle.loads(result.stdout)
    assert loaded_in_child == []
    assert summary_in_child == summary(sample_deck)

    assert returned == sample_deck
    assert returned is not sample_deck
    assert [type(card) for card in returned.cards] == [type(card) for card in sample_deck.cards]
    kinds = {card.kind for card in returned.cards}
    assert kinds == {"flashcard", "choice", "open"}, "the sample deck should exercise every card kind"


def test_deck_objects_are_frozen(sample_deck: Deck) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample_deck.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample_deck.cards[0].id = "changed"  # type: ignore[misc]
