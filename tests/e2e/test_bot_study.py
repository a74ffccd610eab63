"""End to end: the study commands (/flashcard, /quiz, /explain) through the fake Discord, with several
members clicking the same public message, the answer form, appeals, and autocomplete."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.harness import BotProcess

DECK = "model-optimization-nlp"
EPHEMERAL = 64


def buttons(result: InteractionResult, prefix: str) -> list[str]:
    return [cid for cid in result.custom_ids() if cid.startswith(prefix)]


def assert_no_failures(fake: FakeDiscord) -> None:
    assert fake.late_interactions() == []
    assert fake.unanswered_interactions() == []


def correct_option(fake_text: str, ids: list[str], answer: str, labels: dict[str, str]) -> str:
    return next(cid for cid in ids if labels[cid].split(". ", 1)[1] == answer)


def labels_of(message: dict[str, Any]) -> dict[str, str]:
    found = {}
    for row in message.get("components") or []:
        for component in row.get("components") or []:
            if component.get("custom_id"):
                found[component["custom_id"]] = component.get("label") or ""
    return found


async def test_flashcard_reveal_and_rate_by_several_members(
    fake_discord: FakeDiscord, recall_bot: BotProcess
) -> None:
    alice, bob = fake_discord.users["alice"], fake_discord.users["bob"]
    card = await fake_discord.slash("flashcard", {"deck": DECK, "level": "beginner"}, user=alice)
    assert card.callback_type == 4 and not card.ephemeral
    assert "Flashcard" in card.text() and "beginner" in card.text()
    (reveal,) = buttons(card, "recall:flash:reveal:")

    backs = {}
    for member in (alice, bob):
        back = await fake_discord.click(card, reveal, user=member)
        assert back.callback_type == 4 and back.ephemeral, back.text()
        assert [cid.split(":")[2] for cid in back.custom_ids()] == ["again", "hard", "good", "easy", "ask"]  # + Report
        backs[member["id"]] = back

    good = next(cid for cid in backs[alice["id"]].custom_ids() if ":good:" in cid)
    rated = await fake_discord.click(backs[alice["id"]], good, user=alice)
    assert rated.callback_type == 7
    assert "Rated **Good**" in rated.text() and "next review" in rated.text()
    assert rated.message is not None  # the rating buttons are replaced; only "Report a problem" stays
    assert [cid for cid in rated.custom_ids(rated.message)] == [f"recall:report:ask:{DECK}:" + good.split(":")[-1]]

    again = next(cid for cid in backs[bob["id"]].custom_ids() if ":again:" in cid)
    rated_bob = await fake_discord.click(backs[bob["id"]], again, user=bob)
    assert "Rated **Again**" in rated_bob.text()
    assert_no_failures(fake_discord)


async def test_quiz_one_answer_per_member(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    alice, bob, carol = (fake_discord.users[n] for n in ("alice", "bob", "carol"))
    quiz = await fake_discord.slash("quiz", {"deck": DECK}, user=alice)
    assert quiz.callback_type == 4 and not quiz.ephemeral and "Quiz" in quiz.text()
    options = buttons(quiz, "recall:quiz:pick:")
    assert len(options) >= 2
    assert len({cid.rsplit(":", 1)[1] for cid in options}) == len(options)

    answers = {}
    for member, option in ((alice, options[0]), (bob, options[1]), (carol, options[0])):
        answer = await fake_discord.click(quiz, option, user=member)
        assert answer.ephemeral and answer.callback_type == 4
        assert ("✓ Correct" in answer.text()) != ("✗ Incorrect, the answer is" in answer.text())
        assert "point" in answer.text() and "streak" in answer.text()
        answers[member["id"]] = answer
    # Members who clicked the same option get the same verdict.
    assert answers[alice["id"]].text().splitlines()[0] == answers[carol["id"]].text().splitlines()[0]

    again = await fake_discord.click(quiz, options[1], user=alice)
    assert again.ephemeral
    assert "already answered" in again.text()
    assert_no_failures(fake_discord)


async def test_simultaneous_double_click_counts_once(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    carol = fake_discord.users["carol"]
    quiz = await fake_discord.slash("quiz", {"deck": DECK}, user=carol)
    options = buttons(quiz, "recall:quiz:pick:")
    payloads = [fake_discord.driver.click_payload(quiz, option, user=carol) for option in options[:2]]
    results = await asyncio.gather(*(fake_discord.driver.run(p, timeout=5, wait_final=True) for p in payloads))
    texts = [result.text() for result in results]
    assert all(result.ephemeral for result in results)
    assert sum("already answered" in text for text in texts) == 1, texts
    stats = await fake_discord.slash("stats", user=carol)
    assert "All answers: **0/1" in stats.text() or "All answers: **1/1" in stats.text(), stats.text()
    assert_no_failures(fake_discord)


async def test_explain_modal_grade_and_appeal(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    alice, bob = fake_discord.users["alice"], fake_discord.users["bob"]
    question = await fake_discord.slash("explain", {"deck": DECK, "level": "intermediate"}, user=alice)
    assert question.callback_type == 4 and not question.ephemeral
    (answer_button,) = buttons(question, "recall:explain:answer:")

    form = await fake_discord.click(question, answer_button, user=alice)
    assert form.callback_type == 9 and form.modal is not None
    assert len(form.modal["title"]) <= 45
    (text_input,) = [c for row in form.modal["components"] for c in row.get("components", [])]
    assert text_input["max_length"] == 4000 and text_input["style"] == 2

    graded = await fake_discord.submit_modal(
        form, {text_input["custom_id"]: "A teacher model with lower precision. @everyone **bold**"}
    )
    assert graded.ephemeral and graded.callback_type == 4
    text = graded.text()
    assert "concepts" in text and "You got " in text
    assert "✓" in text and "✗" in text
    assert "Model answer" in text
    appeal = buttons(graded, "recall:explain:appeal:")
    assert len(appeal) == 1

    appealed = await fake_discord.click(graded, appeal[0], user=alice)
    assert appealed.callback_type == 7
    assert "self-credited" in appealed.text()
    assert not buttons(appealed, "recall:explain:appeal:")

    # A second answer by Alice to the same posted question is not graded again.
    form2 = await fake_discord.click(question, answer_button, user=alice)
    second = await fake_discord.submit_modal(
        form2, {text_input["custom_id"]: "student teacher mimic similar accuracy"}
    )
    assert "first answer" in second.text()

    # Hostile input: 4000 characters of mixed Unicode never breaks the form.
    form3 = await fake_discord.click(question, answer_button, user=bob)
    hostile = ("<@&1> @here ‮ `x` 🧠 " * 300)[:4000]
    graded_bob = await fake_discord.submit_modal(form3, {text_input["custom_id"]: hostile})
    assert graded_bob.ephemeral and "concepts" in graded_bob.text()
    assert_no_failures(fake_discord)


async def test_deck_and_level_autocomplete(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    decks = await fake_discord.autocomplete("quiz", {"deck": "optim"}, "deck")
    assert decks.callback_type == 8
    assert DECK in [c["value"] for c in decks.choices]
    assert all("optim" in (c["value"] + c["name"].lower()) for c in decks.choices)
    levels = await fake_discord.autocomplete("flashcard", {"level": "inter"}, "level")
    assert [c["value"] for c in levels.choices] == ["intermediate"]
    nothing = await fake_discord.autocomplete("drill", {"deck": "zzz-no-such"}, "deck")
    assert nothing.callback_type == 8 and nothing.choices == []
    zones = await fake_discord.autocomplete("timezone", {"name": "berl"}, "name")
    assert "Europe/Berlin" in [c["value"] for c in zones.choices]
    assert len(zones.choices) <= 25
    assert_no_failures(fake_discord)


async def test_unknown_deck_and_level_are_explained(
    fake_discord: FakeDiscord, recall_bot: BotProcess
) -> None:
    missing = await fake_discord.slash("quiz", {"deck": "no-such-deck"})
    assert missing.ephemeral and "don't know that deck" in missing.text()
    level = await fake_discord.slash("flashcard", {"level": "expert"})
    assert level.ephemeral and "Level must be one of" in level.text()
    assert_no_failures(fake_discord)


async def test_hostile_option_values_are_answered_politely(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    hostile = "@everyone <@&1> **x** ‮ 🧠 ../../etc/passwd " * 20
    for name, options in (
        ("quiz", {"deck": hostile}),
        ("drill", {"deck": hostile, "level": hostile}),
        ("timezone", {"name": hostile}),
    ):
        result = await fake_discord.slash(name, options, user=fake_discord.users["bob"])
        assert result.ephemeral and result.text(), name
    for name, option in (("quiz", "deck"), ("timezone", "name"), ("drill", "level")):
        result = await fake_discord.autocomplete(name, {option: hostile}, option)
        assert result.callback_type == 8 and result.choices == []
    assert_no_failures(fake_discord)
