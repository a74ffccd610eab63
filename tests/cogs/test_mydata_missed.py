"""The missed cards' Anki package from the bot's side: written by a child process, so the bot never imports
genanki or PyYAML; the plan names one Anki deck per Recall deck under "Recall missed cards"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.cogs.mydata.missed import MISSED_DECK_PARENT, builtin_media, plan_for
from bot.content.anki_notes import deck_key, note_guid
from bot.core.deck import Deck, Flashcard
from bot.services.api import DeckRef, MissedCards, MissedDeck

ROOT = Path(__file__).resolve().parents[2]


def flash_deck(deck_id: str, *card_ids: str) -> Deck:
    cards = [Flashcard(id=card_id, level="beginner", kind="flashcard", front=f"front {card_id}", back="back")
             for card_id in card_ids]
    return Deck(id=deck_id, title=f"Deck {deck_id}", cards=list(cards))


def test_building_the_package_loads_neither_genanki_nor_yaml_in_the_bot() -> None:
    code = (
        "import asyncio, importlib, pkgutil, sys, zipfile, io\n"
        "import bot.app.client, bot.app.runner, bot.cogs\n"
        "for info in pkgutil.walk_packages(bot.cogs.__path__, 'bot.cogs.'):\n"
        "    importlib.import_module(info.name)\n"
        "from bot.cogs.mydata.missed import plan_for\n"
        "from bot.content.anki_package import build_package_isolated\n"
        "from bot.core.deck import Deck, Flashcard\n"
        "from bot.services.api import DeckRef, MissedCards, MissedDeck\n"
        "card = Flashcard(id='f1', level='beginner', kind='flashcard', front='F', back='B')\n"
        "deck = Deck(id='d', title='D', cards=[card])\n"
        "plan = plan_for(MissedCards([MissedDeck(DeckRef(0, 'd'), deck, [card])]), lambda ref: None)\n"
        "data = asyncio.run(build_package_isolated(plan, max_bytes=1 << 20, timestamp=0))\n"
        "assert data is not None and 'collection.anki2' in zipfile.ZipFile(io.BytesIO(data)).namelist()\n"
        "small = asyncio.run(build_package_isolated(plan, max_bytes=100, timestamp=0))\n"
        "print(small is None, sorted(m for m in ('genanki', 'yaml', 'chevron') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[0] == "True []"  # too large -> None; nothing heavy loaded here


def test_the_plan_has_one_anki_deck_per_recall_deck_with_the_export_s_guids(tmp_path: Path) -> None:
    builtin = flash_deck("shared", "a", "b", "c")
    upload = flash_deck("shared", "a")
    missed = MissedCards([MissedDeck(DeckRef(0, "shared"), builtin, [builtin.cards[2], builtin.cards[0]]),
                          MissedDeck(DeckRef(77, "shared"), upload, list(upload.cards))])
    plan = plan_for(missed, lambda ref: None)
    assert [deck.name for deck in plan.decks] == [f"{MISSED_DECK_PARENT}::Deck shared"] * 2
    assert [[note.guid for note in deck.notes] for deck in plan.decks] == [
        [note_guid("shared", "c"), note_guid("shared", "a")], [note_guid(deck_key("shared", 77), "a")]]
    assert plan.decks[0].deck_id != plan.decks[1].deck_id
    assert plan.decks[0].model_id != plan.decks[1].model_id  # two servers' decks never share a note type
    (tmp_path / "shared.media").mkdir()
    (tmp_path / "parts.media").mkdir()
    folders = builtin_media({"parts-2": tmp_path / "parts.media"}, tmp_path)
    assert folders(DeckRef(0, "shared")) == tmp_path / "shared.media"  # beside the deck file, by id
    assert folders(DeckRef(0, "parts-2")) == tmp_path / "parts.media"  # as the loader found it
    assert folders(DeckRef(77, "shared")) is None and folders(DeckRef(0, "other")) is None
