"""Live rounds end to end: the real bot process against the fake Discord.

A 5-question round with 3 members in 2 teams (answers, a timeout, early closes, a kill and restart in
the middle of a question, the scoreboard's numbers checked against the rule and the database), two
rounds in two channels at once, and a member without the round role refused.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from bot.content.loader import load_decks
from bot.core import rounds as rules
from bot.core.deck import ChoiceCard
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord.payloads import role_payload
from tests.e2e.harness import REPO_ROOT, BotProcess

DECK = "algorithms-complexity"
CARDS = {c.question: c for c in load_decks([REPO_ROOT / "content"]).decks[DECK].cards if isinstance(c, ChoiceCard)}
QUESTION_POST = r"^/channels/{}/messages$"


def questions(fake: FakeDiscord, channel: Any, number: int | None = None) -> list[dict[str, Any]]:
    """The round's question messages in the channel (number: only that question's)."""
    pattern = re.compile(r"\*\*Round \d+ · question (\d+)\*\*")
    found = []
    for message in fake.channel_messages(channel):
        match = pattern.search(message.get("content") or "")
        if match and (number is None or int(match[1]) == number):
            found.append(message)
    return found


async def wait_question(fake: FakeDiscord, channel: Any, number: int, timeout: float = 40) -> dict[str, Any]:
    async with asyncio.timeout(timeout):
        while not (posted := questions(fake, channel, number)):
            await asyncio.sleep(0.05)
    assert len(posted) == 1
    return posted[0]


async def wait_closed(fake: FakeDiscord, message: dict[str, Any], timeout: float = 20) -> None:
    async with asyncio.timeout(timeout):
        while "closed" not in (message.get("content") or ""):
            await asyncio.sleep(0.05)


def option_ids(message: dict[str, Any]) -> tuple[str, str]:
    """(right, wrong) custom_ids of a choice question."""
    card = CARDS[message["embeds"][0]["description"]]
    ids = [c["custom_id"] for row in message["components"] for c in row["components"]]
    right = next(i for i in ids if i.endswith(f":c{card.correct_index}"))
    wrong = next(i for i in ids if i != right)
    return right, wrong


async def answer(fake: FakeDiscord, message: dict[str, Any], custom_id: str, user: dict[str, Any]) -> int:
    """Click an option; the points the bot's private receipt says it earned."""
    result = await fake.click(message, custom_id, user=user)
    assert result.ephemeral, result.text()
    text = result.text()
    got = re.search(r"\+(\d+) points", text)
    assert got or "Not this one" in text, text
    return int(got[1]) if got else 0


def stored_points(db: Path) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """(position, user) -> (round points, answered at, opens at, deadline), read from the bot's database."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT a.position, a.user_id, a.points, a.answered_at, q.opens_at, q.deadline FROM round_answers a"
            " JOIN round_questions q ON q.round_id = a.round_id AND q.position = a.position").fetchall()
    return {(p, u): (pts, at, opens, deadline) for p, u, pts, at, opens, deadline in rows}


async def test_a_team_round_with_a_timeout_and_a_restart(fake_discord: FakeDiscord, recall_bot: BotProcess,
                                                         tmp_path: Path) -> None:
    fake, channel = fake_discord, fake_discord.channel("general")
    alice, bob, carol, dana = (fake.users[n] for n in ("alice", "bob", "carol", "dana"))
    refused = await fake.slash("round start", {"deck": DECK, "questions": 5}, user=alice)
    assert refused.ephemeral and "round role" in refused.text(), refused.text()

    started = await fake.slash("round start", {"deck": DECK, "questions": 5, "seconds": 20, "teams": 2}, user=dana)
    assert not started.ephemeral and "Join a team" in started.text(), started.text()
    join_1, join_2 = started.custom_ids()
    assert (await fake.click(started, join_1, user=alice)).text().startswith("You're in **Team 1")
    await fake.click(started, join_1, user=bob)
    await fake.click(started, join_2, user=bob)  # switched before the first question
    await fake.click(started, join_2, user=carol)
    await fake.click(started, join_1, user=carol)
    busy = await fake.slash("round start", {"deck": DECK, "questions": 5}, user=dana)
    assert "already running" in busy.text()
    receipts: dict[tuple[int, str], int] = {}

    # Q1: everyone answers (carol wrong): it closes at once, with one edit.
    q1 = await wait_question(fake, channel, 1)
    assert "<t:" in q1["content"] and ":R>" in q1["content"]
    right, wrong = option_ids(q1)
    receipts[(1, "alice")] = await answer(fake, q1, right, alice)
    again = await fake.click(q1, wrong, user=alice)
    assert "first answer stands" in again.text(), again.text()
    for user, pick in ((bob, right), (carol, wrong)):
        receipts[(1, user["username"])] = await answer(fake, q1, pick, user)
    await wait_closed(fake, q1)
    assert len(fake.requests("PATCH", rf"^/channels/{channel.id}/messages/{q1['id']}$")) == 1

    # Q2: carol doesn't answer; the question closes when its time is up.
    q2 = await wait_question(fake, channel, 2)
    right, _ = option_ids(q2)
    for user in (alice, bob):
        receipts[(2, user["username"])] = await answer(fake, q2, right, user)
    await wait_closed(fake, q2)
    assert [c["custom_id"] for row in q2["components"] for c in row["components"]] == [f"{right.rsplit(':', 1)[0]}:me"]
    place = await fake.click(q2, f"{right.rsplit(':', 1)[0]}:me", user=carol)  # the closed question's only button
    assert place.ephemeral and "Your place" in place.text(), place.text()

    # Q3: alice answers, the bot is killed mid-question and started again; the others answer after.
    q3 = await wait_question(fake, channel, 3)
    right, _ = option_ids(q3)
    receipts[(3, "alice")] = await answer(fake, q3, right, alice)
    await recall_bot.stop(kill=True)
    await recall_bot.start(fake)
    for user in (bob, carol):
        receipts[(3, user["username"])] = await answer(fake, q3, right, user)
    await wait_closed(fake, q3)

    for number in (4, 5):
        q = await wait_question(fake, channel, number)
        right, _ = option_ids(q)
        for user in (alice, bob, carol):
            receipts[(number, user["username"])] = await answer(fake, q, right, user)
        await wait_closed(fake, q)

    async with asyncio.timeout(20):
        while not (finals := [m for m in fake.channel_messages(channel) if "final scores" in (m.get("content") or "")]):
            await asyncio.sleep(0.05)
    (final,) = finals
    for number in range(1, 6):  # each question posted once, closed with one edit
        (posted,) = questions(fake, channel, number)
        assert len(fake.requests("PATCH", rf"^/channels/{channel.id}/messages/{posted['id']}$")) == 1

    # The numbers: each answer's points follow the rule from its stored time; totals and ranks add up.
    stored = stored_points(tmp_path / "data" / "recall.db")
    assert len(stored) == 14  # 3 + 2 + 3 + 3 + 3: every acknowledged answer, the restart lost none
    for (position, user), (points, at, opens, deadline) in stored.items():
        wrong_answer = position == 0 and str(user) == carol["id"]  # carol's wrong pick on Q1
        assert points == rules.choice_points(not wrong_answer, deadline - at, deadline - opens)
        assert wrong_answer or 50 <= points <= 100
    ids = {alice["id"]: "alice", bob["id"]: "bob", carol["id"]: "carol"}
    shown = {user["username"]: user["global_name"] for user in (alice, bob, carol)}  # display names
    by_name = {ids[str(user)]: 0 for (_p, user) in stored}
    for (position, user), (points, *_rest) in stored.items():
        by_name[ids[str(user)]] += points
        assert receipts[(position + 1, ids[str(user)])] == points  # what each member was told is what counts
    assert by_name["carol"] < by_name["alice"] and by_name["carol"] < by_name["bob"]  # one wrong, one missed
    board = final["embeds"][0]
    everyone = next(f["value"] for f in board["fields"] if f["name"] == "Everyone")
    for name, total in by_name.items():
        right_count = {"alice": 5, "bob": 5, "carol": 3}[name]
        answered = {"alice": 5, "bob": 5, "carol": 4}[name]
        assert f"{shown[name]}: {total} points, {right_count}/{answered} right" in everyone, everyone
    team_1, team_2 = by_name["alice"] + by_name["carol"], by_name["bob"]
    assert f"Team 1 🔴 **{team_1}**" in board["description"] and f"Team 2 🔵 **{team_2}**" in board["description"]
    ranked = rules.rank(by_name)
    for line in ranked:
        assert f"#{line.rank} {shown[str(line.key)]}: {line.points} points" in everyone
    assert final.get("attachments"), "the scoreboard picture rides along with the text"
    most = next(f["value"] for f in board["fields"] if f["name"] == "Most missed")
    assert most.startswith("Q1:") or most.startswith("Q2:")  # carol missed Q1 (wrong) and Q2 (no answer)

    # Review these: carol's private drill of the two questions she missed.
    review_id = next(i for i in [c["custom_id"] for row in final["components"] for c in row["components"]]
                     if i.endswith(":rv"))
    review = await fake.click(final, review_id, user=carol)
    assert review.ephemeral and "1/2" in review.text(), review.text()
    scores = await fake.slash("round scores", user=bob)
    assert scores.ephemeral and "Your place" in scores.text()
    # Every answer is an attempt like any other: the streak counts the round.
    streak = await fake.slash("streak", user=alice)
    assert "**1**-day streak" in streak.text(), streak.text()
    assert fake.late_interactions() == [] and fake.unanswered_interactions() == []
    public = fake.public_message_requests()
    assert len(public) >= 7  # the start, 5 questions, the final (multipart: its JSON is in payload_json)
    for request in public:
        body = request.json if isinstance(request.json, dict) else json.loads(request.json or "{}")
        assert body.get("data", body).get("allowed_mentions") == {"parse": []}, body


async def test_two_rounds_in_two_channels_at_once(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake = fake_discord
    general, study = fake.channel("general"), fake.channel("study-1")
    alice, bob, dana = (fake.users[n] for n in ("alice", "bob", "dana"))
    for channel in (general, study):
        started = await fake.slash("round start", {"deck": DECK, "questions": 5, "seconds": 10}, user=dana,
                                   channel=channel)
        assert "Round" in started.text() and not started.ephemeral
    first = {c.id: await wait_question(fake, c, 1) for c in (general, study)}
    right_g, _ = option_ids(first[general.id])
    right_s, _ = option_ids(first[study.id])
    assert await answer(fake, first[general.id], right_g, alice) >= 50
    assert await answer(fake, first[study.id], right_s, bob) >= 50
    # A button of one channel's round, forged onto a message of the other channel, is refused.
    target = fake.store.messages[first[study.id]["id"]]
    target["components"].append({"type": 1, "components": [
        {"type": 2, "style": 2, "label": "forged", "custom_id": right_g}]})
    forged = await fake.click(target, right_g, user=bob)
    assert forged.ephemeral and "over" in forged.text(), forged.text()
    stopped = await fake.slash("round stop", user=dana, channel=general)
    assert "stopped" in stopped.text()
    async with asyncio.timeout(20):
        while not [m for m in fake.channel_messages(general) if "final scores" in (m.get("content") or "")]:
            await asyncio.sleep(0.05)
    # The other channel's round goes on: its first question closes on time and the second is posted.
    second = await wait_question(fake, study, 2, timeout=20)
    assert second["channel_id"] == study.id
    assert "Your place" in (await fake.slash("round scores", user=bob, channel=study)).text()
    await fake.slash("round stop", user=dana, channel=study)
    assert fake.unanswered_interactions() == []


def ids_of(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message.get("components") or [] for c in row["components"]]


async def test_flashcard_and_open_rounds_run_by_the_round_role(fake_discord: FakeDiscord,
                                                               recall_bot: BotProcess) -> None:
    fake = fake_discord
    general, study = fake.channel("general"), fake.channel("study-1")
    alice, bob, dana = (fake.users[n] for n in ("alice", "bob", "dana"))
    role = fake.store.add_role(fake.guild.id, "Quizmaster", 0)
    await fake.gateway.dispatch("GUILD_ROLE_CREATE", {"guild_id": fake.guild.id, "role": role_payload(role)})
    fake.guild.members[alice["id"]].role_ids.append(role.id)
    chosen = await fake.slash("settings round-role", {"role": role.id}, user=dana)
    assert chosen.ephemeral and "Quizmaster" in chosen.text(), chosen.text()

    flash = await fake.slash("round start", {"deck": DECK, "kind": "flashcard", "questions": 5, "seconds": 60},
                             user=alice, channel=general)
    assert not flash.ephemeral and "flashcard questions" in flash.text(), flash.text()
    refused = await fake.slash("round stop", user=bob, channel=general)
    assert refused.ephemeral and "round role" in refused.text()
    q1 = await wait_question(fake, general, 1)
    (reveal,) = ids_of(q1)
    assert reveal.endswith(":fr")
    revealed = await fake.click(q1, reveal, user=bob)
    assert revealed.ephemeral and "Did you know it" in revealed.text(), revealed.text()
    knew = next(i for i in revealed.custom_ids() if i.endswith(":fk"))
    claimed = await fake.click(revealed, knew, user=bob)
    assert "+50 points" in claimed.text(), claimed.text()

    opened = await fake.slash("round start", {"deck": DECK, "kind": "open", "questions": 5, "seconds": 90},
                              user=alice, channel=study)
    assert "open questions" in opened.text(), opened.text()
    q = await wait_question(fake, study, 1)
    (answer_id,) = ids_of(q)
    form = await fake.click(q, answer_id, user=bob)
    assert form.modal is not None
    graded = await fake.submit_modal(form, {"answer": "It grows with the size of the input, like a loop over n items."})
    assert graded.ephemeral and re.search(r"You got \d+/\d+ concepts: \+\d+ points", graded.text()), graded.text()
    duplicate_form = await fake.click(q, answer_id, user=bob)
    again = await fake.submit_modal(duplicate_form, {"answer": "a second try"})
    assert "first answer stands" in again.text(), again.text()

    for channel in (general, study):
        stopped = await fake.slash("round stop", user=alice, channel=channel)
        assert "stopped" in stopped.text(), stopped.text()
    async with asyncio.timeout(20):
        while not all([m for m in fake.channel_messages(c) if "final scores" in (m.get("content") or "")]
                      for c in (general, study)):
            await asyncio.sleep(0.05)
    (final,) = [m for m in fake.channel_messages(general) if "final scores" in (m.get("content") or "")]
    assert "stopped early" in final["embeds"][0]["title"] and "50 points" in json.dumps(final["embeds"][0])
    assert fake.unanswered_interactions() == [] and fake.store.invalid_bodies == []
