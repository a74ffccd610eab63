"""End to end: private drills and reviews (in a server and in DMs), streaks, stats, leaderboards,
time zones, /decks and /help."""

from __future__ import annotations

import io
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.app.wiring import open_services
from bot.content.loader import load_decks
from bot.core.srs import FlashRating
from bot.services.api import Learner
from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.harness import RECALL_COMMAND, REPO_ROOT, BotProcess, recall_env

DECK = "model-optimization-nlp"


def first(result: InteractionResult, prefix: str) -> str:
    return next(cid for cid in result.custom_ids() if cid.startswith(prefix))


async def answer_current(fake: FakeDiscord, step: InteractionResult, user: dict) -> InteractionResult:
    """Answer whatever question the drill shows: pick an option, rate a flashcard, or fill the form."""
    ids = step.custom_ids()
    action = ids[0].split(":")[2]
    if action == "pick":
        return await fake.click(step, ids[0], user=user)
    if action == "show":
        back = await fake.click(step, ids[0], user=user)
        assert back.callback_type == 7 and [c.split(":")[2] for c in back.custom_ids()] == ["rate"] * 4
        return await fake.click(back, back.custom_ids()[2], user=user)
    assert action == "answer", ids
    form = await fake.click(step, ids[0], user=user)
    assert form.callback_type == 9
    return await fake.submit_modal(form, {"answer": "a big teacher model and a small student; fewer bits"}, user=user)


async def run_drill(fake: FakeDiscord, start: InteractionResult, user: dict, count: int) -> InteractionResult:
    step = start
    for number in range(1, count + 1):
        assert f"question {number}/{count}" in step.text(), step.text()
        verdict = await answer_current(fake, step, user)
        assert verdict.callback_type == 7, verdict.text()
        next_id, report = verdict.custom_ids()
        assert next_id.startswith("recall:drill:next:") and report.startswith("recall:report:ask:")
        step = await fake.click(verdict, next_id, user=user)
        assert step.callback_type == 7
    return step


async def test_drill_mixed_run_ends_with_a_summary(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    alice = fake_discord.users["alice"]
    start = await fake_discord.slash("drill", {"deck": DECK, "kind": "mixed", "count": 6}, user=alice)
    assert start.callback_type == 4 and start.ephemeral
    summary = await run_drill(fake_discord, start, alice, 6)
    text = summary.text()
    assert "Drill finished" in text and "Score: **" in text and "/6**" in text
    assert "streak" in text
    assert summary.custom_ids() == []
    assert fake_discord.late_interactions() == [] and fake_discord.unanswered_interactions() == []


@pytest.fixture
async def global_bot(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """The bot with global commands (no development server), so they exist in DMs too."""
    env = recall_env(fake_discord, tmp_path)
    del env["RECALL_DEV_GUILD_ID"]
    bot = BotProcess(RECALL_COMMAND, env, tmp_path, name="recall-global")
    await bot.start(fake_discord)
    yield bot
    await bot.stop()


async def test_drill_of_open_questions_uses_the_form(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    carol = fake_discord.users["carol"]
    start = await fake_discord.slash("drill", {"deck": DECK, "kind": "open", "count": 2}, user=carol)
    assert first(start, "recall:drill:answer:")
    summary = await run_drill(fake_discord, start, carol, 2)
    assert "Drill finished" in summary.text() and "/2**" in summary.text()
    assert fake_discord.late_interactions() == [] and fake_discord.unanswered_interactions() == []


async def test_drill_works_in_dms_and_refuses_stale_clicks(fake_discord: FakeDiscord, global_bot: BotProcess) -> None:
    bob = fake_discord.users["bob"]
    start = await fake_discord.slash("drill", {"kind": "choice", "count": 1}, user=bob, dm=True)
    assert start.ephemeral and "question 1/1" in start.text()
    pick = fake_discord.driver.click_payload(start, first(start, "recall:drill:pick:"), user=bob)
    verdict = await fake_discord.click(start, first(start, "recall:drill:pick:"), user=bob)
    assert ("Correct" in verdict.text()) or ("Incorrect" in verdict.text())
    # A second click on the answered question (a double click) is not counted again.
    pick["id"], pick["token"] = fake_discord.store.ids.next(), pick["token"] + "y"
    double = await fake_discord.driver.run(pick, timeout=5, wait_final=True)
    assert double.ephemeral and "already answered" in double.text()
    next_id = first(verdict, "recall:drill:next:")
    replay = fake_discord.driver.click_payload(verdict, next_id, user=bob)  # the message as it is now
    summary = await fake_discord.click(verdict, next_id, user=bob)
    assert "Drill finished" in summary.text() and "/1**" in summary.text()
    # The run is over: the same click again (a double click) is answered politely, not counted.
    replay["id"] = fake_discord.store.ids.next()
    replay["token"] = replay["token"] + "x"
    late = await fake_discord.driver.run(replay, timeout=5, wait_final=True)
    assert late.ephemeral and "drill has ended" in late.text()
    assert fake_discord.unanswered_interactions() == []


async def test_review_of_due_cards(fake_discord: FakeDiscord, recall_bot_process: BotProcess, tmp_path: Path) -> None:
    carol = fake_discord.users["carol"]
    database_url = recall_bot_process.env["RECALL_DATABASE_URL"]
    decks = load_decks([REPO_ROOT / "content"]).decks
    services = await open_services(database_url, decks)
    try:
        learner = Learner(int(carol["id"]), int(fake_discord.guild.id))
        long_ago = datetime.now(UTC) - timedelta(days=30)
        for card_id in ("what-is-distillation", "what-is-quantization"):
            await services.recall.rate_flashcard(learner, DECK, card_id, FlashRating.AGAIN, now=long_ago, rng=random.Random(1))
    finally:
        await services.close()
    await recall_bot_process.start(fake_discord)
    try:
        nothing = await fake_discord.slash("review", user=fake_discord.users["alice"])
        assert nothing.ephemeral and "Nothing is due" in nothing.text()
        start = await fake_discord.slash("review", user=carol)
        assert start.ephemeral and "Review · question 1/2" in start.text()
        assert "Model optimization for NLP" in start.text()  # the deck's title, not its id
        summary = await run_drill(fake_discord, start, carol, 2)
        assert "Review finished" in summary.text() and "/2**" in summary.text()
        # Rated Good: not due any more.
        again = await fake_discord.slash("review", user=carol)
        assert "Nothing is due" in again.text()
    finally:
        await recall_bot_process.stop()


async def test_streak_stats_leaderboard(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    def uploads(result: InteractionResult) -> list[dict]:
        assert result.last_message is not None
        return list(fake_discord.store.message_requests[result.last_message["id"]].files)

    alice, bob = fake_discord.users["alice"], fake_discord.users["bob"]
    for member in (alice, bob):
        quiz = await fake_discord.slash("quiz", {"deck": DECK}, user=member)
        await fake_discord.click(quiz, first(quiz, "recall:quiz:pick:"), user=member)

    streak = await fake_discord.slash("streak", user=alice)
    assert not streak.ephemeral and "1**-day streak" in streak.text() and "Studied today ✓" in streak.text()
    bobs = await fake_discord.slash("streak", {"member": bob}, user=alice)
    assert "Bob's streak" in bobs.text()

    stats = await fake_discord.slash("stats", user=alice)
    assert stats.ephemeral and "Model optimization for NLP: " in stats.text()

    # Bob picks a name that a picture must survive: emoji, right to left, a line break, markdown, 120+ characters.
    bob["global_name"] = "Bob 😀 שלום\n**bold** <@1> " + "W" * 120
    board = await fake_discord.slash("leaderboard", user=alice)
    assert not board.ephemeral
    assert f"<@{alice['id']}>" in board.text() and f"<@{bob['id']}>" in board.text()  # the text stays
    (upload,) = uploads(board)
    assert upload["filename"] == "leaderboard.png" and upload["data"].startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(upload["data"])) as picture:
        assert picture.format == "PNG" and picture.size == (720, 64 + 2 * 34 + 14)  # two rows
    message = board.last_message
    assert message is not None and message["embeds"][0]["image"]["url"] == "attachment://leaderboard.png"
    assert [(a["filename"], bool(a["description"])) for a in message["attachments"]] == [("leaderboard.png", True)]
    # Alice's name came with her command; Bob's took one request, and asking again takes none.
    member_lookups = fake_discord.requests("GET", r"^/guilds/\d+/members/\d+$")
    assert [r.path.rsplit("/", 1)[1] for r in member_lookups] == [bob["id"]]
    again = await fake_discord.slash("leaderboard", user=alice)
    assert len(uploads(again)) == 1 and len(fake_discord.requests("GET", r"^/guilds/\d+/members/\d+$")) == 1
    by_streak = await fake_discord.slash("leaderboard", {"period": "all", "by": "streak"}, user=bob)
    assert "current streak" in by_streak.text() and "· 1 day" in by_streak.text()

    assert fake_discord.late_interactions() == [] and fake_discord.unanswered_interactions() == []


async def test_server_only_commands_say_so_in_dms(fake_discord: FakeDiscord, global_bot: BotProcess) -> None:
    alice = fake_discord.users["alice"]
    for command in ("streak", "leaderboard"):
        dm = await fake_discord.slash(command, user=alice, dm=True)
        assert dm.ephemeral and "needs a server" in dm.text()
    dm_stats = await fake_discord.slash("stats", user=alice, dm=True)
    assert dm_stats.ephemeral and "study record" in dm_stats.text()
    review = await fake_discord.slash("review", user=alice, dm=True)
    assert review.ephemeral and "Nothing is due" in review.text()
    assert fake_discord.unanswered_interactions() == []


async def test_timezone_decks_help(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    alice = fake_discord.users["alice"]
    shown = await fake_discord.slash("timezone", user=alice)
    assert shown.ephemeral and "server's applies: **UTC**" in shown.text()
    changed = await fake_discord.slash("timezone", {"name": "Europe/Berlin"}, user=alice)
    assert "Europe/Berlin" in changed.text()
    assert "Your time zone is **Europe/Berlin**" in (await fake_discord.slash("timezone", user=alice)).text()
    bad = await fake_discord.slash("timezone", {"name": "Mars/Olympus_Mons"}, user=alice)
    assert bad.ephemeral and "Europe/Berlin" not in bad.text() and "Mars/Olympus_Mons" in bad.text()
    cleared = await fake_discord.slash("timezone", {"name": "server"}, user=alice)
    assert "server's time zone" in cleared.text()
    # A sixth use within 10 s is a spam: a short cooldown message, and others are still served.
    spam = await fake_discord.slash("timezone", user=alice)
    assert spam.ephemeral and "Slow down" in spam.text()
    other = await fake_discord.slash("timezone", user=fake_discord.users["bob"])
    assert "server's applies" in other.text()

    decks = await fake_discord.slash("decks")
    assert decks.ephemeral
    deck = load_decks([REPO_ROOT / "content"]).decks[DECK]
    counts = {kind: sum(1 for card in deck.cards if card.kind == kind) for kind in ("flashcard", "choice", "open")}
    assert deck.title in decks.text()
    assert f"{counts['flashcard']} flashcards · {counts['choice']} multiple choice · {counts['open']} open" in decks.text()
    help_ = await fake_discord.slash("help")
    for command in ("/flashcard", "/quiz", "/explain", "/drill", "/review", "/streak", "/stats", "/leaderboard", "/decks", "/timezone"):
        assert command in help_.text()
    assert fake_discord.unanswered_interactions() == []
