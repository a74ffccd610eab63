"""End to end: members report a quiz card ("Report a problem" under the verdict: a reason, or "Other" with a
note); the report shows in the deck's queue with its counts; a forged dismiss from a member changes nothing;
re-uploading the deck with that card changed closes its reports, while another card's report stays."""

from __future__ import annotations

from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.harness import BotProcess

DECK = b"""id: club-quiz
title: Club quiz
cards:
  - id: sum
    kind: choice
    level: beginner
    question: What is 2 + 2?
    explanation: Two and two make five.
    options:
      - text: "4"
        correct: true
      - text: "5"
  - id: capital
    kind: choice
    level: advanced
    question: Capital of Frnace?
    explanation: Paris.
    options:
      - text: Paris
        correct: true
      - text: Lyon
"""


def one(ids: list[str], prefix: str) -> str:
    (found,) = [cid for cid in ids if cid.startswith(prefix)]
    return found


async def verdict(fake: FakeDiscord, level: str, user: dict[str, object]) -> InteractionResult:
    question = await fake.slash("quiz", {"deck": "club-quiz", "level": level}, user=user)
    option = next(cid for cid in question.custom_ids() if cid.startswith("recall:quiz:pick:"))
    return await fake.click(question, option, user=user)


async def test_a_reported_quiz_card_waits_in_the_queue_until_the_deck_fixes_it(
        fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake = fake_discord
    alice, bob, dana = fake.users["alice"], fake.users["bob"], fake.users["dana"]
    upload = await fake.slash("deck upload", {"file": {"filename": "club.yaml", "data": DECK}}, user=dana)
    assert "Added **Club quiz**" in upload.text(), upload.text()

    answered = await verdict(fake, "beginner", alice)
    report = one(answered.custom_ids(), "recall:report:ask:club-quiz:sum")
    reasons = await fake.click(answered, report, user=alice)
    assert reasons.ephemeral and "What's wrong with **What is 2 + 2?**" in reasons.text(), reasons.text()
    thanks = await fake.click(reasons, one(reasons.custom_ids(), "recall:report:why:wrong:"), user=alice)
    assert "Thanks: reported (Wrong answer)" in thanks.text(), thanks.text()

    answered = await verdict(fake, "beginner", bob)
    reasons = await fake.click(answered, one(answered.custom_ids(), "recall:report:ask:"), user=bob)
    form = await fake.click(reasons, one(reasons.custom_ids(), "recall:report:why:other:"), user=bob)
    (note,) = [c for row in form.modal["components"] for c in row.get("components", [])]  # type: ignore[index]
    noted = await fake.submit_modal(form, {note["custom_id"]: "@everyone the explanation says five **lol**"}, user=bob)
    assert "Thanks: reported (Other)" in noted.text(), noted.text()

    answered = await verdict(fake, "advanced", bob)
    reasons = await fake.click(answered, one(answered.custom_ids(), "recall:report:ask:club-quiz:capital"), user=bob)
    await fake.click(reasons, one(reasons.custom_ids(), "recall:report:why:typo:"), user=bob)

    queue = await fake.slash("deck queue", {"deck": "club-quiz"}, user=dana)
    text = queue.text()
    assert "Queue of `club-quiz`: 0 appeals · 0 suggestions · 3 reports." in text, text
    assert "`sum`" in text and "2 members (Other 1, Wrong answer 1)" in text, text
    assert "`capital`" in text and "1 member (Typo 1)" in text, text
    assert "@\u200beveryone the explanation says five \\*\\*lol\\*\\*" in text, text  # escaped, never a ping
    assert text.index("`sum`") < text.index("`capital`")  # the most reported first

    assert {cid for cid in all_ids(queue) if cid.startswith("recall:card:edit:")} == {
        "recall:card:edit:club-quiz:sum", "recall:card:edit:club-quiz:capital"}
    forged = await fake.click(queue, one(all_ids(queue), "recall:report:dismiss:club-quiz:capital"), user=alice)
    assert "nothing was changed" in forged.text().lower() or "permission" in forged.text().lower(), forged.text()

    fixed = DECK.replace(b"Two and two make five.", b"Two and two make four.")
    again = await fake.slash("deck upload", {"file": {"filename": "club.yaml", "data": fixed}}, user=dana)
    assert "club-quiz" in again.text() or "Club quiz" in again.text(), again.text()
    queue = await fake.slash("deck queue", {"deck": "club-quiz"}, user=dana)
    assert "`sum`" not in queue.text() and "`capital`" in queue.text(), queue.text()

    closed = await fake.click(queue, one(all_ids(queue), "recall:report:dismiss:club-quiz:capital"), user=dana)
    assert "Closed 1 report on `capital`" in closed.text(), closed.text()
    queue = await fake.slash("deck queue", {"deck": "club-quiz"}, user=dana)
    assert "No open appeals, suggestions or reports on `club-quiz`" in queue.text(), queue.text()
    assert fake.late_interactions() == [] and fake.unanswered_interactions() == []


def all_ids(result: InteractionResult) -> list[str]:
    """The custom_ids of every message the interaction produced (the queue sends one message per section)."""
    return [cid for message in result.followups for cid in result.custom_ids(message)]
