"""All 54 trivia lists shipped in the red-discordbot 3.5.24 wheel import into valid decks.

The wheel is fetched once with `pip download` into a cache under the system's temporary folder (it
needs Python < 3.12 to install, but it is only read here, as a zip).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from bot.content.importers import import_deck
from bot.content.importers.yamlout import write_atomically
from bot.content.loader import load_deck_file, load_decks
from bot.core.deck import OpenCard

RED_VERSION = "3.5.24"
LISTS_FOLDER = "redbot/cogs/trivia/data/lists/"
CACHE = Path(tempfile.gettempdir()) / "recall-test-cache" / f"red-discordbot-{RED_VERSION}"
NETWORK_TROUBLE = re.compile(
    r"NewConnectionError|Failed to establish|Temporary failure in name resolution|Name or service not known|"
    r"Network is unreachable|ConnectTimeout|ReadTimeout|ProxyError|SSLError|Could not fetch URL",
    re.IGNORECASE,
)

pytestmark = [pytest.mark.network, pytest.mark.slow]


def _wheel() -> Path:
    found = sorted(CACHE.glob(f"red_discordbot-{RED_VERSION}-*.whl"))
    if found:
        return found[0]
    CACHE.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        f"red-discordbot=={RED_VERSION}",
        "-d",
        str(CACHE),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        if NETWORK_TROUBLE.search(result.stdout + result.stderr):
            pytest.skip(
                f"pip can't reach PyPI to download red-discordbot {RED_VERSION}: {result.stderr[-300:]}"
            )
        pytest.fail(f"pip download failed:\n{result.stdout}\n{result.stderr}")
    found = sorted(CACHE.glob(f"red_discordbot-{RED_VERSION}-*.whl"))
    assert found, f"pip download reported success but left no wheel in {CACHE}"
    return found[0]


@pytest.fixture(scope="module")
def trivia_lists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("red-lists")
    lists: dict[str, Path] = {}
    with zipfile.ZipFile(_wheel()) as wheel:
        for name in wheel.namelist():
            if (
                name.startswith(LISTS_FOLDER)
                and name.endswith(".yaml")
                and "/" not in name[len(LISTS_FOLDER) :]
            ):
                path = folder / name[len(LISTS_FOLDER) :]
                path.write_bytes(wheel.read(name))
                lists[path.stem] = path
    return lists


def test_all_54_trivia_lists_import_into_decks_that_load(
    trivia_lists: dict[str, Path], tmp_path: Path
) -> None:
    assert len(trivia_lists) == 54
    out = tmp_path / "decks"
    out.mkdir()
    failures: list[str] = []
    cards_seen = 0
    for name, source in sorted(trivia_lists.items()):
        target = out / f"{name}.yaml"
        try:
            imported = import_deck(source, output_name=str(target), progress=False)
        except Exception as error:  # collect all, so one run shows every failing list
            failures.append(f"{name}: {error}")
            continue
        assert imported.format == "red"
        write_atomically(target, imported.yaml_text, overwrite=False)
        loaded = load_deck_file(target)
        assert loaded.errors == [], name
        assert loaded.deck == imported.deck
        assert all(isinstance(card, OpenCard) and len(card.concepts) == 1 for card in loaded.deck.cards)
        cards_seen += len(loaded.deck.cards)
    assert failures == []
    every = load_decks([out])
    assert every.errors == []
    assert len(every.decks) == 54
    assert cards_seen > 10_000


def test_answers_stay_text_and_image_questions_get_their_image(
    trivia_lists: dict[str, Path], tmp_path: Path
) -> None:
    games = import_deck(trivia_lists["games"], output_name=str(tmp_path / "games.yaml"), progress=False).deck
    donkey = next(card for card in games.cards if "Donkey Kong 64" in card.title)
    assert isinstance(donkey, OpenCard)
    assert donkey.concepts[0].keywords == ["1999"]  # a string, though plain YAML reads 1999 as a number

    flags = import_deck(
        trivia_lists["usflags"], output_name=str(tmp_path / "usflags.yaml"), progress=False
    ).deck
    assert all(card.image and card.image.startswith("https://i.imgur.com/") for card in flags.cards)
    assert {card.title for card in flags.cards} == {
        "What USA state or territory is represented by this flag?"
    }


def test_long_answers_are_kept_as_model_answer(trivia_lists: dict[str, Path], tmp_path: Path) -> None:
    hockey = import_deck(
        trivia_lists["hockey"], output_name=str(tmp_path / "hockey.yaml"), progress=False
    ).deck
    rained_out = next(
        card for card in hockey.cards if card.title == "How many NHL games have been rained out?"
    )
    assert isinstance(rained_out, OpenCard)
    assert rained_out.concepts[0].keywords[0] == "1"
    assert rained_out.model_answer is not None and rained_out.model_answer.startswith("1, on March 10, 1995")
