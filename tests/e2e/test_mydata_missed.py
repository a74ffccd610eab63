"""End to end: `/mydata export what:missed` through the fake Discord and the real bot: a private Anki package
whose notes are exactly the cards the member got wrong in the last 30 days (the bot's test clock moves 35
days between two runs), never another member's; nothing missed gives a clear message."""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.content.anki_notes import escape, note_guid
from bot.content.loader import load_decks
from bot.core.deck import ChoiceCard, Flashcard
from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.harness import REPO_ROOT, BotProcess

DECK = "model-optimization-nlp"
START = datetime(2026, 5, 4, 12, tzinfo=UTC)
CARDS = load_decks([REPO_ROOT / "content"]).decks[DECK]


async def start_at(bot: BotProcess, fake: FakeDiscord, when: datetime) -> None:
    bot.env.update({"RECALL_TEST_MODE": "1", "RECALL_TEST_NOW": when.isoformat()})
    await bot.start(fake)


async def answer_quiz(fake: FakeDiscord, user: dict[str, Any], *, right: bool, avoid: set[str]) -> str:
    """Answer a /quiz card not in `avoid` (drawing again when the draw repeats one), right or wrong."""
    for _ in range(30):
        quiz = await fake.slash("quiz", {"deck": DECK}, user=user)
        picks = [cid for cid in quiz.custom_ids() if cid.startswith("recall:quiz:pick:")]
        card_id = picks[0].split(":")[4]
        if card_id in avoid:
            continue
        card = CARDS.card(card_id)
        assert isinstance(card, ChoiceCard)
        wanted = card.correct_index if right else (card.correct_index + 1) % len(card.options)
        answered = await fake.click(quiz, next(cid for cid in picks if cid.endswith(f":{wanted}")), user=user)
        assert answered.ephemeral and ("Correct" in answered.text()) == right, answered.text()
        return card_id
    raise AssertionError("the quiz kept drawing the same cards")


async def flashcard_again(fake: FakeDiscord, user: dict[str, Any]) -> str:
    """Rate a /flashcard card Again (drawing again past cloze gaps, which /flashcard also deals)."""
    for _ in range(30):
        card = await fake.slash("flashcard", {"deck": DECK}, user=user)
        reveals = [cid for cid in card.custom_ids() if cid.startswith("recall:flash:reveal:")]
        if len(reveals) != 1 or not isinstance(CARDS.card(reveals[0].split(":")[4]), Flashcard):
            continue
        back = await fake.click(card, reveals[0], user=user)
        again = next(cid for cid in back.custom_ids() if ":again:" in cid)
        await fake.click(back, again, user=user)
        return reveals[0].split(":")[4]
    raise AssertionError("no flashcard drawn")


def attachment(fake: FakeDiscord, result: InteractionResult) -> dict[str, Any]:
    message = result.last_message
    assert message is not None, "no message"
    (upload,) = fake.store.message_requests[message["id"]].files
    return dict(upload)


def package_notes(data: bytes) -> dict[str, list[str]]:
    """The package's notes: GUID -> fields."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, tempfile.TemporaryDirectory() as folder:
        media = json.loads(archive.read("media"))
        database = Path(folder) / "collection.anki2"
        database.write_bytes(archive.read("collection.anki2"))
        conn = sqlite3.connect(database)
        try:
            notes = {guid: fields.split("\x1f") for guid, fields in conn.execute("SELECT guid, flds FROM notes")}
            decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        finally:
            conn.close()
    assert any(deck["name"] == f"Recall missed cards::{CARDS.title}" for deck in decks.values())
    fields = " ".join(" ".join(values) for values in notes.values())
    assert all(name in fields for name in media.values())  # only the media these cards show
    return notes


def missed_in_database(bot: BotProcess, user_id: str, since: datetime) -> set[str]:
    with sqlite3.connect(bot.env["RECALL_DATABASE_URL"].removeprefix("sqlite:///")) as conn:
        rows = conn.execute("SELECT card_id FROM attempts WHERE user_id = ? AND correct = 0 AND answered_at >= ?",
                            (int(user_id), int(since.timestamp() * 1000))).fetchall()
    return {row[0] for row in rows}


async def test_missed_export_is_the_member_s_own_misses_of_the_last_30_days(
    fake_discord: FakeDiscord, recall_bot_process: BotProcess
) -> None:
    alice, bob, carol = (fake_discord.users[name] for name in ("alice", "bob", "carol"))
    bot = recall_bot_process
    await start_at(bot, fake_discord, START)
    too_old = await answer_quiz(fake_discord, alice, right=False, avoid=set())
    await bot.stop()

    later = START + timedelta(days=35)
    await start_at(bot, fake_discord, later)
    missed_quiz = await answer_quiz(fake_discord, alice, right=False, avoid={too_old})
    missed_flash = await flashcard_again(fake_discord, alice)
    await answer_quiz(fake_discord, alice, right=True, avoid={too_old, missed_quiz})
    bobs = await answer_quiz(fake_discord, bob, right=False, avoid={too_old, missed_quiz})

    export = await fake_discord.slash("mydata export", {"what": "missed"}, user=alice, timeout=30)
    assert export.ephemeral, export.text()
    expected = {missed_quiz, missed_flash}
    assert f"Here are the {len(expected)} cards you got wrong in the last 30 days" in export.text()
    upload = attachment(fake_discord, export)
    assert upload["filename"] == f"recall-missed-{later:%Y-%m-%d}.apkg"
    notes = package_notes(upload["data"])
    assert set(notes) == {note_guid(DECK, card_id) for card_id in expected}
    assert missed_in_database(bot, alice["id"], later - timedelta(days=30)) == expected  # the old miss is older
    assert note_guid(DECK, too_old) not in notes and note_guid(DECK, bobs) not in notes
    question = CARDS.card(missed_quiz)
    assert isinstance(question, ChoiceCard)
    assert notes[note_guid(DECK, missed_quiz)][0].startswith(escape(question.question))

    bobs_export = await fake_discord.slash("mydata export", {"what": "missed"}, user=bob, timeout=30)
    assert set(package_notes(attachment(fake_discord, bobs_export)["data"])) == {note_guid(DECK, bobs)}

    nothing = await fake_discord.slash("mydata export", {"what": "missed"}, user=carol)
    assert nothing.ephemeral and "You got no card wrong in the last 30 days" in nothing.text()
    assert nothing.last_message is not None and not fake_discord.store.message_requests[nothing.last_message["id"]].files
    everything = await fake_discord.slash("mydata export", user=alice)
    assert attachment(fake_discord, everything)["filename"] == f"recall-data-{alice['id']}.json"
    assert fake_discord.late_interactions() == [] and fake_discord.unanswered_interactions() == []
    await bot.stop()
