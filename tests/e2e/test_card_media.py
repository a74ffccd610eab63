"""End to end: an Anki package with a picture and a sound, imported by the terminal command into the
bot's content folder, shows both on /flashcard as attachments (the picture in the embed); a card with
math posts a PNG of its formulas with the text kept, on /flashcard, its Reveal, /quiz and the verdict, and on a
scheduled post."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image

from tests.content.apkg_builder import BASIC, NoteSpec, build_package
from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.harness import BotProcess
from tests.e2e.test_schedule import FakeClock

ROOT = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SOUND = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64
ALGEBRA = r"""id: algebra
title: Algebra
cards:
  - id: halves
    kind: flashcard
    level: beginner
    front: 'What is $\frac{a}{b}$ when $b = 2$? It costs \$5 and $10 to ask.'
    back: 'Half of \(a\): \[\frac{a}{2}\]'
  - id: square
    kind: choice
    level: beginner
    question: 'Which is $x^2$ for $x = 3$?'
    options:
      - text: '9'
        correct: true
      - text: '6'
    explanation: '$3^2 = 3 \cdot 3 = 9$'
"""


def picture_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def files_of(fake: FakeDiscord, result: InteractionResult) -> dict[str, bytes]:
    """The message's attachments and their bytes, as uploaded by the request that made or (after a
    deferral, when a drawing took a while) edited it."""
    message = result.last_message
    assert message is not None, "no message"
    names = [attachment["filename"] for attachment in message.get("attachments", [])]
    uploads: dict[str, bytes] = {}
    for request in fake.store.requests:  # oldest first: the newest upload of a name wins
        uploads.update({upload["filename"]: upload["data"] for upload in request.files})
    return {name: uploads[name] for name in names}


def embed_image(result: InteractionResult) -> Any:
    message = result.last_message
    assert message is not None and message["embeds"], "no embed"
    return (message["embeds"][0].get("image") or {}).get("url")


def import_package(tmp_path: Path, content: Path) -> tuple[str, str]:
    picture = picture_bytes()
    package = build_package(tmp_path / "cells.apkg", [
        NoteSpec(BASIC, ['What makes ATP? <img src="cell.png">', "Mitochondria [sound:atp.mp3]"], ["biology"]),
    ], {"cell.png": picture, "atp.mp3": SOUND})
    done = subprocess.run([sys.executable, "-m", "bot", "content", "import", str(package), "--to",
                           str(content / "cells.yaml")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    media = {path.name for path in (content / "cells.media").iterdir()}
    (picture_name,) = [name for name in media if name.endswith(".png")]
    (sound_name,) = [name for name in media if name.endswith(".mp3")]
    assert (content / "cells.media" / picture_name).read_bytes() == picture
    return picture_name, sound_name


async def test_imported_picture_and_sound_and_math_are_attached(
    fake_discord: FakeDiscord, recall_bot_process: BotProcess, tmp_path: Path
) -> None:
    fake, bot = fake_discord, recall_bot_process
    content = tmp_path / "content"
    content.mkdir()
    picture_name, sound_name = import_package(tmp_path, content)
    (content / "algebra.yaml").write_text(ALGEBRA, encoding="utf-8")
    bot.env["RECALL_CONTENT_DIR"] = str(content)
    await bot.start(fake)
    try:
        alice = fake.users["alice"]
        post = await fake.slash("flashcard", {"deck": "cells"}, user=alice)
        assert not post.ephemeral and "What makes ATP?" in post.text(), post.text()
        files = files_of(fake, post)
        assert sorted(files) == sorted([picture_name, sound_name])
        assert files[picture_name] == picture_bytes() and files[sound_name] == SOUND
        assert embed_image(post) == f"attachment://{picture_name}"

        math = await fake.slash("flashcard", {"deck": "algebra"}, user=alice)
        assert r"$\frac{a}{b}$" in math.text()  # the text form stays, for screen readers
        formulas = files_of(fake, math)
        assert list(formulas) == ["math.png"]
        assert formulas["math.png"].startswith(PNG_SIGNATURE)
        assert embed_image(math) == "attachment://math.png"
        with Image.open(io.BytesIO(formulas["math.png"])) as image:
            assert image.width > 100 and image.height > 20

        back = await fake.click(math, next(c for c in math.custom_ids() if c.startswith("recall:flash:reveal:")),
                                user=alice)
        assert back.ephemeral and r"\[\frac{a}{2}\]" in back.text(), back.text()
        assert list(files_of(fake, back)) == ["math.png"]
        assert files_of(fake, back)["math.png"] != formulas["math.png"]  # front and back drawn together

        quiz = await fake.slash("quiz", {"deck": "algebra"}, user=alice)
        assert "$x^2$" in quiz.text() and list(files_of(fake, quiz)) == ["math.png"]
        pick = next(c for c in quiz.custom_ids() if c.startswith("recall:quiz:pick:"))
        verdict = await fake.click(quiz, pick, user=alice)
        assert r"$3^2 = 3 \cdot 3 = 9$" in verdict.text() and list(files_of(fake, verdict)) == ["math.png"]
        assert fake.store.invalid_bodies == []
        assert fake.late_interactions() == [] and fake.unanswered_interactions() == []
    finally:
        await bot.stop()
    assert "math rendering on" in bot.logs()


async def test_a_scheduled_flashcard_with_math_posts_its_picture(
    fake_discord: FakeDiscord, recall_bot_process: BotProcess, tmp_path: Path
) -> None:
    fake, bot, channel = fake_discord, recall_bot_process, fake_discord.channel("general")
    content = tmp_path / "content"
    content.mkdir()
    (content / "algebra.yaml").write_text(ALGEBRA, encoding="utf-8")
    bot.env["RECALL_CONTENT_DIR"] = str(content)
    clock = FakeClock(datetime(2026, 3, 2, 7, 59, 50, tzinfo=UTC))
    bot.env.update(clock.env())
    await bot.start(fake)
    try:
        added = await fake.slash("schedule add", {"channel": channel.id, "time": "08:00", "timezone": "UTC",
                                                  "deck": "algebra", "kind": "flashcard"}, user=fake.users["dana"])
        assert "Scheduled" in added.text(), added.text()
        (request,) = await fake.wait_for_request("POST", rf"^/channels/{channel.id}/messages$", timeout=30)
        assert [upload["filename"] for upload in request.files] == ["math.png"]
        assert request.files[0]["data"].startswith(PNG_SIGNATURE)
        (post,) = [m for m in fake.channel_messages(channel) if "schedule #1" in (m.get("content") or "")]
        assert r"$\frac{a}{b}$" in post["embeds"][0]["description"]
        assert post["embeds"][0]["image"]["url"] == "attachment://math.png"
    finally:
        await bot.stop()


async def test_a_drill_shows_the_formulas_of_each_step_and_drops_them_after(
    fake_discord: FakeDiscord, recall_bot_process: BotProcess, tmp_path: Path
) -> None:
    fake, bot = fake_discord, recall_bot_process
    content = tmp_path / "content"
    content.mkdir()
    (content / "algebra.yaml").write_text(ALGEBRA, encoding="utf-8")
    bot.env["RECALL_CONTENT_DIR"] = str(content)
    await bot.start(fake)
    try:
        alice = fake.users["alice"]
        drill = await fake.slash("drill", {"deck": "algebra", "kind": "flashcard", "count": 1}, user=alice)
        assert drill.ephemeral and r"$\frac{a}{b}$" in drill.text(), drill.text()
        front = files_of(fake, drill)
        assert list(front) == ["math.png"] and embed_image(drill) == "attachment://math.png"

        def step(result: InteractionResult, action: str) -> str:
            return next(c for c in result.custom_ids() if c.startswith(f"recall:drill:{action}:"))

        back = await fake.click(drill, step(drill, "show"), user=alice)
        assert r"\[\frac{a}{2}\]" in back.text(), back.text()
        drawn = files_of(fake, back)
        assert list(drawn) == ["math.png"] and drawn["math.png"] != front["math.png"]  # front and back drawn
        rated = await fake.click(back, step(back, "rate"), user=alice)
        assert list(files_of(fake, rated)) == ["math.png"]  # the verdict keeps the picture of the card
        summary = await fake.click(rated, step(rated, "next"), user=alice)
        assert files_of(fake, summary) == {}, summary.last_message
        assert fake.store.invalid_bodies == []
    finally:
        await bot.stop()
