"""End to end: a deck with a cloze card of two gaps is uploaded; /flashcard shows a gap blanked, Reveal and a
rating record it, Type it with a typo is graded correct, /drill asks the other gap, and after a restart a
year later (the test clock) /review brings the gaps back. Forged gap ids are refused with nothing stored."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.fake_discord.interaction_payloads import base_interaction
from tests.e2e.harness import BotProcess

UNAVAILABLE = "This card is no longer available."
MODAL_SUBMIT = 5  # the interaction type of a form's submit
DECK = """id: cells
title: Cell biology
cards:
  - id: cell
    kind: cloze
    level: beginner
    text: "{{c1::Mitochondria}} make {{c2::ATP::energy molecule}} for the cell"
    extra: Most eukaryotic cells have them.
"""
BLANKED = {1: "[...] make ATP for the cell", 2: "Mitochondria make [energy molecule] for the cell"}
TYPO = {1: "mitocondria", 2: "ATP"}  # c1 typed with a letter missing
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def recorded(tmp_path: Path, user: dict[str, Any]) -> list[tuple[Any, ...]]:
    with sqlite3.connect(f"file:{tmp_path / 'data' / 'recall.db'}?mode=ro", uri=True) as db:
        return db.execute("SELECT card_id, kind, source, correct, rating, answer_text FROM attempts"
                          " WHERE user_id = ? ORDER BY id", (int(user["id"]),)).fetchall()


def only(result: InteractionResult, prefix: str) -> str:
    (found,) = [cid for cid in result.custom_ids() if cid.startswith(prefix)]
    return found


def shown_gap(result: InteractionResult) -> int:
    (number,) = [n for n, text in BLANKED.items() if text in result.text()]
    return number


async def forged_submit(fake: FakeDiscord, user: dict[str, Any], custom_id: str) -> InteractionResult:
    """A typing form the bot never opened, sent as a modified client could."""
    data = {"custom_id": custom_id, "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "answer:1234", "value": "mitochondria"}]}]}
    payload = base_interaction(fake.store, MODAL_SUBMIT, data, user, fake.channel("general"))
    return await fake.driver.run(payload, timeout=5, wait_final=True)


async def start_at(bot: BotProcess, fake: FakeDiscord, moment: datetime) -> None:
    bot.env.update({"RECALL_TEST_MODE": "1", "RECALL_TEST_NOW": moment.isoformat()})
    await bot.start(fake)


async def test_cloze_gaps_are_shown_rated_typed_drilled_and_reviewed(
    fake_discord: FakeDiscord, recall_bot_process: BotProcess, tmp_path: Path
) -> None:
    fake, bot = fake_discord, recall_bot_process
    alice, dana = fake.users["alice"], fake.users["dana"]
    await start_at(bot, fake, START)
    try:
        added = await fake.slash("deck upload", {"file": {"filename": "cells.yaml", "data": DECK.encode()}}, user=dana)
        assert "Cell biology" in added.text(), added.text()

        post = await fake.slash("flashcard", {"deck": "cells"}, user=alice)
        assert not post.ephemeral and "Fill the gap" in post.text(), post.text()
        first = shown_gap(post)
        assert "Mitochondria make ATP" not in post.text()  # the gap's words are not in the public post
        back = await fake.click(post, only(post, "recall:cloze:reveal:"), user=alice)
        assert back.ephemeral and "Most eukaryotic cells" in back.text(), back.text()
        assert ("**Mitochondria**" if first == 1 else "**ATP**") in back.text(), back.text()
        rated = await fake.click(back, only(back, "recall:cloze:good:"), user=alice)
        assert "Rated **Good**" in rated.text(), rated.text()

        form = await fake.click(post, only(post, "recall:cloze:type:"), user=alice)
        assert form.callback_type == 9 and form.modal is not None
        graded = await fake.submit_modal(form, {next(iter(_inputs(form.modal))): TYPO[first]})
        assert graded.ephemeral and "✓ Correct" in graded.text(), graded.text()
        if first == 1:
            assert "you wrote “mitocondria”" in graded.text(), graded.text()

        # /drill of cloze cards: the gaps not seen in this round come first; Type it, graded, then Reveal.
        drill = await fake.slash("drill", {"deck": "cells", "kind": "cloze", "count": 2}, user=alice)
        asked = shown_gap(drill)
        answer_form = await fake.click(drill, only(drill, "recall:drill:answer:"), user=alice)
        verdict = await fake.submit_modal(answer_form, {"answer": "completely wrong words"})
        assert "✗ Not quite" in verdict.text() and "Expected" in verdict.text(), verdict.text()
        following = await fake.click(verdict, only(verdict, "recall:drill:next:"), user=alice)
        assert shown_gap(following) != asked
        shown = await fake.click(following, only(following, "recall:drill:show:"), user=alice)
        rate = await fake.click(shown, next(c for c in shown.custom_ids() if ":rate:" in c and c.endswith(":again")),
                                user=alice)
        assert "Your rating" in rate.text(), rate.text()

        forged = [
            await forged_submit(fake, alice, "recall:cloze:submit:cells:cell:99"),  # no gap 99
            await forged_submit(fake, alice, "recall:cloze:submit:cells:cell:3"),
        ]
        for answer in forged:
            assert answer.ephemeral and UNAVAILABLE in answer.text(), answer.text()
        rows = recorded(tmp_path, alice)
        assert {row[0] for row in rows} == {"cell:c1", "cell:c2"} and {row[1] for row in rows} == {"cloze"}
        assert (f"cell:c{first}", "cloze", "drill", 1, 3, None) in rows  # revealed and rated Good
        assert (f"cell:c{first}", "cloze", "drill", 1, None, TYPO[first]) in rows  # typed with a typo
        assert len(rows) == 4

        await bot.stop()
        await start_at(bot, fake, START + timedelta(days=400))
        review = await fake.slash("review", user=alice)
        assert review.ephemeral and "Review" in review.text() and "Fill the gap" in review.text(), review.text()
        reviewed = shown_gap(review)
        assert reviewed in (1, 2)
        assert fake.unanswered_interactions() == []
    finally:
        await bot.stop()


def _inputs(modal: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def visit(component: Any) -> None:
        if isinstance(component, dict):
            if component.get("type") == 4:
                found.append(component["custom_id"])
            for child in component.get("components") or []:
                visit(child)
            if isinstance(component.get("component"), dict):
                visit(component["component"])

    for row in modal.get("components") or []:
        visit(row)
    return found
