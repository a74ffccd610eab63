"""End to end: /stats attaches the study calendar; /mydata export, delete (with confirmation) and
leaderboard on|off, against the real bot process and the fake Discord."""

from __future__ import annotations

import io
import json
import sqlite3
from typing import Any

from PIL import Image

from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.fake_discord.interaction_payloads import walk_components
from tests.e2e.harness import BotProcess

DECK = "model-optimization-nlp"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def uploads(fake: FakeDiscord, result: InteractionResult) -> list[dict[str, Any]]:
    """The files sent with the request that produced the interaction's last message."""
    message = result.last_message
    assert message is not None, "no message"
    request = fake.store.message_requests[message["id"]]
    return list(request.files)


async def quiz_answer(fake: FakeDiscord, user: dict[str, Any]) -> None:
    quiz = await fake.slash("quiz", {"deck": DECK}, user=user)
    pick = next(cid for cid in quiz.custom_ids() if cid.startswith("recall:quiz:pick:"))
    await fake.click(quiz, pick, user=user)


async def explain_answer(fake: FakeDiscord, user: dict[str, Any], text: str) -> None:
    explain = await fake.slash("explain", {"deck": DECK}, user=user)
    form = await fake.click(explain, explain.custom_ids()[0], user=user)
    assert form.modal is not None
    (field,) = [c["custom_id"] for c in walk_components(form.modal["components"]) if c.get("custom_id")]
    await fake.submit_modal(form, {field: text}, user=user)


def database_rows(bot: BotProcess, user_id: str) -> int:
    url = bot.env["RECALL_DATABASE_URL"]
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM attempts WHERE user_id = ?", (int(user_id),)).fetchone()[0])


async def test_stats_attaches_the_study_calendar_png(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    alice = fake_discord.users["alice"]
    await quiz_answer(fake_discord, alice)
    stats = await fake_discord.slash("stats", user=alice)
    assert stats.ephemeral and "study record" in stats.text()
    (upload,) = uploads(fake_discord, stats)
    assert upload["filename"] == "study-calendar.png"
    data = upload["data"]
    assert data.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(data)) as picture:
        picture.verify()
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "PNG" and picture.size[0] >= 300 and picture.size[1] >= 200
    message = stats.last_message
    assert message is not None
    assert [a["filename"] for a in message["attachments"]] == ["study-calendar.png"]
    assert message["embeds"][0]["image"]["url"] == "attachment://study-calendar.png"
    assert fake_discord.late_interactions() == [] and fake_discord.unanswered_interactions() == []


async def test_mydata_export_is_a_private_json_file_with_their_answers(
    fake_discord: FakeDiscord, recall_bot: BotProcess
) -> None:
    alice, bob = fake_discord.users["alice"], fake_discord.users["bob"]
    await explain_answer(fake_discord, alice, "a big teacher model @everyone **trains** a small student")
    await quiz_answer(fake_discord, bob)
    export = await fake_discord.slash("mydata export", user=alice)
    assert export.ephemeral and "Here is your data: 1 answer" in export.text()
    (upload,) = uploads(fake_discord, export)
    assert upload["filename"] == f"recall-data-{alice['id']}.json"
    document = json.loads(upload["data"].decode("utf-8"))
    assert document["user_id"] == int(alice["id"]) and document["answers_included"] is True
    (attempt,) = document["attempts"]
    assert attempt["answer_text"] == "a big teacher model @everyone **trains** a small student"
    assert "members" in document["other_records"]
    assert str(bob["id"]) not in upload["data"].decode("utf-8")


async def test_mydata_delete_asks_first_and_then_forgets_everything(
    fake_discord: FakeDiscord, recall_bot: BotProcess
) -> None:
    alice, bob = fake_discord.users["alice"], fake_discord.users["bob"]
    await quiz_answer(fake_discord, alice)
    await explain_answer(fake_discord, alice, "teacher and student")
    await quiz_answer(fake_discord, bob)
    assert database_rows(recall_bot, alice["id"]) == 2

    keep = await fake_discord.slash("mydata delete", user=alice)
    assert keep.ephemeral and "can't be undone" in keep.text()
    ids = keep.custom_ids()
    assert [cid.split(":")[2] for cid in ids] == ["delete", "keep"]
    kept = await fake_discord.click(keep, ids[1], user=alice)
    assert "Nothing was deleted" in kept.text() and kept.custom_ids() == []
    assert database_rows(recall_bot, alice["id"]) == 2

    ask = await fake_discord.slash("mydata delete", user=alice)
    stranger = await fake_discord.click(ask, ask.custom_ids()[0], user=bob)
    assert stranger.ephemeral and "belongs to someone else" in stranger.text()
    assert database_rows(recall_bot, alice["id"]) == 2
    done = await fake_discord.click(ask, ask.custom_ids()[0], user=alice)
    assert done.callback_type == 7 and "everything about you is deleted" in done.text()
    assert "2 answers" in done.text() and "leaderboard entries" in done.text()
    assert database_rows(recall_bot, alice["id"]) == 0 and database_rows(recall_bot, bob["id"]) == 1

    streak = await fake_discord.slash("streak", user=alice)
    assert "0**-day streak" in streak.text()
    board = await fake_discord.slash("leaderboard", user=bob)
    assert f"<@{alice['id']}>" not in board.text() and f"<@{bob['id']}>" in board.text()
    # The picture leaves her out too: Bob's name came with his command, and hers was never looked up.
    assert [u["filename"] for u in uploads(fake_discord, board)] == ["leaderboard.png"]
    member_lookups = r"^/guilds/\d+/members/\d+$"
    assert fake_discord.requests("GET", member_lookups) == []
    again = await fake_discord.slash("mydata delete", user=alice)
    nothing = await fake_discord.click(again, again.custom_ids()[0], user=alice)
    assert "nothing to delete" in nothing.text()
    assert fake_discord.late_interactions() == [] and fake_discord.unanswered_interactions() == []


async def test_mydata_leaderboard_off_and_on(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    alice, bob = fake_discord.users["alice"], fake_discord.users["bob"]
    for member in (alice, bob):
        await quiz_answer(fake_discord, member)
    off = await fake_discord.slash("mydata leaderboard", {"show": "off"}, user=alice)
    assert off.ephemeral and "left out of every leaderboard" in off.text()
    board = await fake_discord.slash("leaderboard", user=bob)
    assert f"<@{alice['id']}>" not in board.text() and f"<@{bob['id']}>" in board.text()
    # The picture leaves her out too: Bob's name came with his command, and hers was never looked up.
    assert [u["filename"] for u in uploads(fake_discord, board)] == ["leaderboard.png"]
    member_lookups = r"^/guilds/\d+/members/\d+$"
    assert fake_discord.requests("GET", member_lookups) == []
    stats = await fake_discord.slash("stats", user=alice)
    assert "1/1" in stats.text() or "0/1" in stats.text()  # her record still counts for her
    on = await fake_discord.slash("mydata leaderboard", {"show": "on"}, user=alice)
    assert "appear on leaderboards again" in on.text()
    board = await fake_discord.slash("leaderboard", user=bob)
    assert f"<@{alice['id']}>" in board.text()
    assert [r.path.rsplit("/", 1)[1] for r in fake_discord.requests("GET", member_lookups)] == [alice["id"]]

