"""End to end: members answer a quiz, one opts out of leaderboards, and an admin's `/deck report` answers
privately with the picture, the CSV of every card and a summary naming only members who appear on
leaderboards; a member is refused (Discord hides the command; the bot checks Manage Server anyway)."""

from __future__ import annotations

import csv
import io

import pytest
from PIL import Image

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import BotProcess
from tests.e2e.test_bot_study import buttons
from tests.e2e.test_card_media import files_of

DECK = "model-optimization-nlp"


async def test_an_admin_gets_the_report_and_a_member_is_refused(fake_discord: FakeDiscord,
                                                                recall_bot: BotProcess) -> None:
    fake = fake_discord
    alice, bob, carol, dana = (fake.users[name] for name in ("alice", "bob", "carol", "dana"))
    quiz = await fake.slash("quiz", {"deck": DECK}, user=alice)
    options = buttons(quiz, "recall:quiz:pick:")
    right = 0
    for member, option in ((alice, options[0]), (bob, options[1]), (carol, options[0])):
        verdict = await fake.click(quiz, option, user=member)
        right += "✓ Correct" in verdict.text()
    hidden = await fake.slash("mydata leaderboard", {"show": "off"}, user=bob)
    assert hidden.ephemeral

    report = await fake.slash("deck report", {"deck": DECK, "period": "week"}, user=dana)
    assert report.ephemeral
    text = report.text()
    assert f"3 answers by 3 members, {round(right / 3 * 100)}% right" in text, text
    assert "Behind on reviews:" in text and "of the 3 members who study this deck here" in text
    active = next(line for line in text.splitlines() if line.startswith("Most active: "))
    assert active == "Most active: Alice (1), Carol (1) (members who appear on leaderboards)."  # Bob opted out

    files = files_of(fake, report)
    assert sorted(files) == ["deck-report.csv", "deck-report.png"]
    picture = Image.open(io.BytesIO(files["deck-report.png"]))
    assert picture.format == "PNG" and picture.size[0] == 800 and picture.size[1] > 300
    assert len(picture.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 20  # drawn, not blank
    rows = list(csv.DictReader(io.StringIO(files["deck-report.csv"].decode("utf-8"))))
    assert list(rows[0]) == ["card_id", "kind", "answered", "correct", "accuracy", "members", "most_missed_concept"]
    answered = [row for row in rows if row["answered"] != "0"]
    assert len(answered) == 1 and answered[0]["kind"] == "choice"
    assert (answered[0]["answered"], answered[0]["correct"], answered[0]["members"]) == ("3", str(right), "3")
    assert len(rows) >= 10  # every card of the deck, answered or not

    unknown = await fake.slash("deck report", {"deck": "no-such-deck"}, user=dana)
    assert unknown.ephemeral and "no deck `no-such-deck`" in unknown.text()

    with pytest.raises(PermissionError):  # default_permissions: Discord doesn't offer it to members
        await fake.slash("deck report", {"deck": DECK}, user=alice)
    fake.store.guild_commands[fake.guild.id]["deck"]["default_member_permissions"] = None
    refused = await fake.slash("deck report", {"deck": DECK}, user=alice)
    assert refused.ephemeral and "Manage Server" in refused.text() and not files_of(fake, refused)
    assert fake.late_interactions() == [] and fake.unanswered_interactions() == []
