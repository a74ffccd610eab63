"""End to end: a member's appeal accepted by an admin offers the answer's words; one pick adds a word to
the server's copy of the deck, and the next answer with that word is credited. A replayed pick adds
nothing, and a member who is not a reviewer (Manage Server or the reviewer role) can't pick."""

from __future__ import annotations

from typing import Any

from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.harness import BotProcess

DECK = b"""id: club-deck
title: Club deck
cards:
  - id: two
    kind: open
    level: beginner
    prompt: Explain caching
    concepts:
      - name: stores results
        keywords: [store]
      - name: faster reads
        keywords: [faster]
"""
# Neither concept's keyword (nor a synonym): 0/2, so the member may appeal.
ANSWER = "It will keep the results so later lookups feel snappier for everyone involved."


def components(result: InteractionResult) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    pending = list((result.last_message or {}).get("components") or [])
    while pending:
        component = pending.pop(0)
        found.append(component)
        pending.extend(component.get("components") or [])
    return found


async def answer(fake: FakeDiscord, question: InteractionResult, user: dict[str, Any]) -> InteractionResult:
    (button,) = [cid for cid in question.custom_ids() if cid.startswith("recall:explain:answer:")]
    form = await fake.click(question, button, user=user)
    (text_input,) = [c for row in form.modal["components"] for c in row.get("components", [])]  # type: ignore[index]
    return await fake.submit_modal(form, {text_input["custom_id"]: ANSWER}, user=user)


async def test_an_accepted_appeal_adds_a_keyword_that_credits_the_next_answer(
        fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake = fake_discord
    alice, bob, dana = fake.users["alice"], fake.users["bob"], fake.users["dana"]
    upload = await fake.slash("deck upload", {"file": {"filename": "club.yaml", "data": DECK}}, user=dana)
    assert "Added **Club deck**" in upload.text(), upload.text()

    question = await fake.slash("explain", {"deck": "club-deck"}, user=alice)
    graded = await answer(fake, question, alice)
    assert "You got 0/2" in graded.text(), graded.text()
    (appeal,) = [cid for cid in graded.custom_ids() if cid.startswith("recall:explain:appeal:")]
    assert "self-credited" in (await fake.click(graded, appeal, user=alice)).text()

    appeals = await fake.slash("deck appeals", {"deck": "club-deck"}, user=dana)
    assert "snappier" in appeals.text() and "faster reads" in appeals.text(), appeals.text()
    (accept,) = [cid for cid in appeals.custom_ids() if cid.startswith("recall:appeal:accept:")]
    accepted = await fake.click(appeals, accept, user=dana)
    assert accepted.ephemeral and "accepted" in accepted.text(), accepted.text()
    menus = {c["placeholder"]: c for c in components(accepted) if c.get("type") == 3}
    (menu,) = [m for placeholder, m in menus.items() if "faster reads" in placeholder]
    assert {"stores results" in p for p in menus} == {True, False}  # one menu per missed concept
    (snappier,) = [o["value"] for o in menu["options"] if o["label"] == "snappier"]
    assert menu["custom_id"].startswith("recall:appeal:kw:")

    refused = await fake.click(accepted, menu["custom_id"], user=bob, values=[snappier])  # no Manage Server
    assert "Manage Server" in refused.text(), refused.text()
    added = await fake.click(accepted, menu["custom_id"], user=dana, values=[snappier])
    assert "Added `snappier`" in added.text() and "faster reads" in added.text(), added.text()
    replay = await fake.click(accepted, menu["custom_id"], user=dana, values=[snappier])
    assert "already a keyword" in replay.text() and "Added" not in replay.text(), replay.text()
    forged = await fake.click(accepted, menu["custom_id"], user=dana, values=["24", "x"])  # never offered
    assert "not offered" in forged.text(), forged.text()

    again = await answer(fake, question, bob)  # the same posted question, answered by another member
    assert "You got 1/2" in again.text() and "✓ faster reads" in again.text(), again.text()
    assert fake.late_interactions() == [] and fake.unanswered_interactions() == []
