"""End to end: answers given on a scheduled post's buttons are recorded with source "scheduled", once
per member per post; the slash commands' buttons (the format posted before the flag) stay "drill"."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.harness import BotProcess

DECK = "model-optimization-nlp"


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message.get("components") or [] for c in row.get("components") or []
            if c.get("custom_id")]


async def post_scheduled(fake: FakeDiscord, kind: str) -> dict[str, Any]:
    """Add a schedule of `kind` (due tomorrow morning) and post its question now; returns the post."""
    channel, dana = fake.channel("general"), fake.users["dana"]
    before = {m["id"] for m in fake.channel_messages(channel)}
    added = await fake.slash("schedule add", {"channel": channel.id, "time": "08:00", "timezone": "UTC",
                                              "deck": DECK, "kind": kind}, user=dana)
    schedule_id = int(added.text().split("schedule:")[1].split("`")[0])
    posted = await fake.slash("schedule post-now", {"schedule": schedule_id}, user=dana)
    assert posted.ephemeral, posted.text()
    await fake.settle(0.3)
    (post,) = [m for m in fake.channel_messages(channel)
               if m["id"] not in before and "try-out" in (m.get("content") or "") and custom_ids(m)]
    return post


def attempts(tmp_path: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(tmp_path / "data" / "recall.db") as db:
        return db.execute("SELECT kind, source, question_key FROM attempts ORDER BY id").fetchall()


def only(ids: list[str], prefix: str) -> str:
    (found,) = [cid for cid in ids if cid.startswith(prefix)]
    return found


async def test_scheduled_buttons_record_scheduled_answers_once(
    fake_discord: FakeDiscord, recall_bot: BotProcess, tmp_path: Path
) -> None:
    fake, alice = fake_discord, fake_discord.users["alice"]

    card = await post_scheduled(fake, "flashcard")
    reveal = only(custom_ids(card), "recall:flash:reveal:")
    assert reveal.endswith(":s") and len(reveal) <= 100
    backs: list[InteractionResult] = [await fake.click(card, reveal, user=alice) for _ in range(2)]
    first = await fake.click(backs[0], next(c for c in backs[0].custom_ids() if ":good:" in c), user=alice)
    assert "Rated **Good**" in first.text(), first.text()
    # A second reveal of the same post can't rate it again: the key is the public post, not the back.
    second = await fake.click(backs[1], next(c for c in backs[1].custom_ids() if ":easy:" in c), user=alice)
    assert "already rated" in second.text(), second.text()

    quiz = await post_scheduled(fake, "choice")
    options = [c for c in custom_ids(quiz) if c.startswith("recall:quiz:pick:")]
    assert options and all(c.endswith(":s") for c in options)
    answer = await fake.click(quiz, options[0], user=alice)
    assert "point" in answer.text(), answer.text()
    assert "already answered" in (await fake.click(quiz, options[1], user=alice)).text()

    question = await post_scheduled(fake, "open")
    answer_button = only(custom_ids(question), "recall:explain:answer:")
    assert answer_button.endswith(":s")
    form = await fake.click(question, answer_button, user=alice)
    assert form.modal is not None and form.modal["custom_id"].endswith(":s")
    (text_input,) = [c for row in form.modal["components"] for c in row.get("components", [])]
    graded = await fake.submit_modal(form, {text_input["custom_id"]: "a smaller student model mimics a teacher"})
    assert "You got " in graded.text(), graded.text()

    recorded = attempts(tmp_path)
    assert [(kind, source) for kind, source, _ in recorded] == [
        ("flashcard", "scheduled"), ("choice", "scheduled"), ("open", "scheduled")]
    assert [key for _, _, key in recorded] == [
        f"flash:{card['id']}", f"quiz:{quiz['id']}", f"explain:{question['id']}"]

    # The slash commands' buttons carry no flag (as every button posted before it did): "drill".
    slash = await fake.slash("quiz", {"deck": DECK}, user=alice)
    pick = next(c for c in slash.custom_ids() if c.startswith("recall:quiz:pick:"))
    assert not pick.endswith(":s")
    await fake.click(slash, pick, user=alice)
    assert attempts(tmp_path)[-1][:2] == ("choice", "drill")
    assert fake.late_interactions() == [] and fake.unanswered_interactions() == []
