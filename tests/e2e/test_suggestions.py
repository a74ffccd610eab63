"""End to end: a member suggests a card through the form (a refused try keeps the text: "Try again"
reopens the form filled in), an admin edits and accepts it from `/deck queue`, and another member draws it
with its author credited; a rejected suggestion's author gets exactly one DM, even when the reject form is
submitted twice; a member who isn't a reviewer can't act on the queue."""

from __future__ import annotations

from typing import Any

from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.fake_discord.driver import MODAL_SUBMIT
from tests.e2e.fake_discord.interaction_payloads import base_interaction
from tests.e2e.harness import BotProcess

# The deck has no flashcard, so the suggestion is the only card /flashcard can draw from it.
DECK = b"""id: club
title: Club deck
cards:
  - id: q1
    kind: choice
    level: beginner
    question: Which is a cache?
    explanation: It stores results.
    options:
      - {text: Redis, correct: true}
      - {text: A printer}
"""
HOSTILE = "@everyone **bold** <@123> " + "x" * 3974  # 4,000 characters: longer than a front may be


def inputs(result: InteractionResult) -> dict[str, str]:
    """The opened form's inputs: custom_id -> the value it is filled in with."""
    assert result.modal is not None, result.text()
    found: dict[str, str] = {}
    pending: list[Any] = list(result.modal["components"])
    while pending:
        component = pending.pop(0)
        if component.get("type") == 4:
            found[component["custom_id"]] = component.get("value") or ""
        pending.extend(component.get("components") or [])
        if "component" in component:
            pending.append(component["component"])
    return found


def ids(result: InteractionResult, prefix: str) -> list[str]:
    # A slow answer is deferred: its first follow-up fills in the deferred message, seen here twice (same id).
    messages = list({m["id"]: m for m in [result.message, *result.followups] if m is not None}.values())
    return [cid for message in messages for cid in result.custom_ids(message) if cid.startswith(prefix)]


async def suggest(fake: FakeDiscord, user: dict[str, Any], values: dict[str, str]) -> InteractionResult:
    form = await fake.slash("suggest", {"deck": "club", "kind": "flashcard", "level": "advanced"}, user=user)
    assert set(inputs(form)) == {"front", "back"}
    return await fake.submit_modal(form, values, user=user, timeout=20)


async def test_a_member_suggests_an_admin_edits_and_accepts_another_member_draws_it(
        fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake = fake_discord
    alice, bob, dana = fake.users["alice"], fake.users["bob"], fake.users["dana"]
    uploaded = await fake.slash("deck upload", {"file": {"filename": "club.yaml", "data": DECK}}, user=dana, timeout=20)
    assert "Added" in uploaded.text(), uploaded.text()

    refused = await suggest(fake, alice, {"front": HOSTILE, "back": "Stores results"})
    assert refused.ephemeral and "Front: this is 4000 characters long" in refused.text(), refused.text()
    (retry,) = ids(refused, "recall:suggest:retry:")
    assert "Try again" not in [cid for cid in ids(refused, "") if cid != retry]
    stolen = await fake.click(refused, retry, user=bob)  # a draft is its author's only
    assert stolen.modal is None and "draft is gone" in stolen.text(), stolen.text()
    reopened = await fake.click(refused, retry, user=alice)
    assert inputs(reopened) == {"front": HOSTILE, "back": "Stores results"}  # the text typed, kept
    thanks = await fake.submit_modal(reopened, {"front": "What does @everyone **cache**?"}, user=alice, timeout=20)
    assert "Suggestion #1" in thanks.text(), thanks.text()

    queue = await fake.slash("deck queue", {"deck": "club"}, user=dana, timeout=20)
    text = queue.text()
    assert "0 appeals · 1 suggestion" in text and "What does @everyone" not in text, text  # shown escaped
    assert "\\*\\*cache\\*\\*" in text and "Stores results" in text, text
    assert sorted(ids(queue, "recall:suggest:")) == ["recall:suggest:accept:1", "recall:suggest:edit:1",
                                                       "recall:suggest:reject:1"]
    denied = await fake.click(queue, "recall:suggest:accept:1", user=bob)  # not a reviewer
    assert "reviewer role" in denied.text(), denied.text()

    edit = await fake.click(queue, "recall:suggest:edit:1", user=dana)
    assert inputs(edit) == {"front": "What does @everyone **cache**?", "back": "Stores results"}
    accepted = await fake.submit_modal(edit, {"back": "It stores results for reuse"}, user=dana, timeout=20)
    assert "accepted" in accepted.text() and "suggested-1" in accepted.text(), accepted.text()
    again = await fake.click(queue, "recall:suggest:accept:1", user=dana)
    assert "already accepted" in again.text(), again.text()
    (edit_card,) = ids(accepted, "recall:card:edit:")  # the accepted card, editable in this server's copy
    assert edit_card == "recall:card:edit:club:suggested-1"
    assert "reviewer role" in (await fake.click(accepted, edit_card, user=bob)).text()
    card_form = await fake.click(accepted, edit_card, user=dana)
    assert inputs(card_form) == {"front": "What does @everyone **cache**?", "back": "It stores results for reuse"}
    saved = await fake.submit_modal(card_form, {"back": "It keeps results for reuse"}, user=dana, timeout=20)
    assert "Saved" in saved.text(), saved.text()

    drawn = await fake.slash("flashcard", {"deck": "club"}, user=bob)
    assert "What does @everyone **cache**?" in drawn.text(), drawn.text()
    assert "Card suggested by Alice" in drawn.text(), drawn.text()
    (reveal,) = [cid for cid in drawn.custom_ids() if "suggested-1" in cid]
    back = await fake.click(drawn, reveal, user=bob)
    assert "It keeps results for reuse" in back.text(), back.text()
    empty = (await fake.slash("deck appeals", {"deck": "club"}, user=dana)).text()  # the alias, the same queue
    assert empty.startswith("No open appeals, suggestions") and "on `club`" in empty, empty
    public = fake.public_message_requests()  # the /flashcard post: nothing in it pings
    bodies = [r.json.get("data", r.json) for r in public if isinstance(r.json, dict)]  # a callback or a post
    assert bodies and all(body.get("allowed_mentions") == {"parse": []} for body in bodies), bodies
    assert fake.unanswered_interactions() == [] and fake.late_interactions() == []


async def test_a_rejected_suggestion_is_told_once_by_dm(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake = fake_discord
    alice, dana = fake.users["alice"], fake.users["dana"]
    await fake.slash("deck upload", {"file": {"filename": "club.yaml", "data": DECK}}, user=dana, timeout=20)
    thanks = await suggest(fake, alice, {"front": "Is a printer a cache?", "back": "No"})
    assert "Suggestion #1" in thanks.text(), thanks.text()

    queue = await fake.slash("deck queue", {"deck": "club"}, user=dana, timeout=20)
    form = await fake.click(queue, "recall:suggest:reject:1", user=dana)
    assert set(inputs(form)) == {"reason"}
    first = await fake.submit_modal(form, {"reason": "Too close to q1 @everyone"}, user=dana, timeout=20)
    second = await fake.submit_modal(form, {"reason": "Again"}, user=dana, timeout=20)  # a double submit
    assert "rejected" in first.text() and "told by DM" in first.text(), first.text()
    assert "already rejected" in second.text(), second.text()
    late = await fake.click(queue, "recall:suggest:accept:1", user=dana)
    assert "already rejected" in late.text(), late.text()

    dms = fake.channel_messages(fake.store.dm_channel_for(alice))
    assert len(dms) == 1, dms
    assert "Too close to q1" in dms[0]["content"] and "@everyone" not in dms[0]["content"].replace("@\u200beveryone", "")
    assert "Again" not in dms[0]["content"]
    (sent,) = fake.requests("POST", rf"^/channels/{dms[0]['channel_id']}/messages$")
    assert sent.json["allowed_mentions"] == {"parse": []}


async def test_a_reviewer_role_may_review_without_manage_server(
        fake_discord: FakeDiscord, recall_bot_process: BotProcess) -> None:
    fake = fake_discord
    rita = fake.store.add_member(fake.guild.id, "rita", permissions=1 << 27)  # a role of her own, no Manage Server
    (rita_role,) = fake.guild.members[rita["id"]].role_ids
    await recall_bot_process.start(fake)
    alice, dana = fake.users["alice"], fake.users["dana"]
    await fake.slash("deck upload", {"file": {"filename": "club.yaml", "data": DECK}}, user=dana, timeout=20)
    await suggest(fake, alice, {"front": "Is Redis a cache?", "back": "Yes"})
    queue = await fake.slash("deck queue", {"deck": "club"}, user=dana, timeout=20)

    refused = await fake.click(queue, "recall:suggest:accept:1", user=rita)
    assert "reviewer role" in refused.text(), refused.text()
    with_role = await fake.slash("settings reviewer-role", {"role": rita_role}, user=dana)
    assert "rita-role" in with_role.text(), with_role.text()
    accepted = await fake.click(queue, "recall:suggest:accept:1", user=rita)
    assert "accepted" in accepted.text(), accepted.text()
    cleared = await fake.slash("settings reviewer-role", {}, user=dana)
    assert "only members with Manage Server" in cleared.text(), cleared.text()
    await suggest(fake, alice, {"front": "Is a printer a cache?", "back": "No"})
    queue = await fake.slash("deck queue", {"deck": "club"}, user=dana, timeout=20)
    again = await fake.click(queue, "recall:suggest:accept:2", user=rita)
    assert "reviewer role" in again.text(), again.text()


async def test_a_closed_dm_is_logged_not_an_error(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake = fake_discord
    alice, dana = fake.users["alice"], fake.users["dana"]
    await fake.slash("deck upload", {"file": {"filename": "club.yaml", "data": DECK}}, user=dana, timeout=20)
    await suggest(fake, alice, {"front": "Is a printer a cache?", "back": "No"})
    queue = await fake.slash("deck queue", {"deck": "club"}, user=dana, timeout=20)
    form = await fake.click(queue, "recall:suggest:reject:1", user=dana)
    fake.fail_next("POST", r"^/channels/\d+/messages$", status=403)  # the author's DMs are closed
    rejected = await fake.submit_modal(form, {"reason": "Off topic"}, user=dana, timeout=20)
    assert "rejected" in rejected.text() and "DMs are closed" in rejected.text(), rejected.text()
    assert fake.channel_messages(fake.store.dm_channel_for(alice)) == []


async def forged_submit(fake: FakeDiscord, user: dict[str, Any], custom_id: str,
                        values: dict[str, str]) -> InteractionResult:
    """A form the bot never opened for this member, sent as a modified client could."""
    data = {"custom_id": custom_id, "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]} for key, value in values.items()]}
    payload = base_interaction(fake.store, MODAL_SUBMIT, data, user, fake.channel("general"))
    return await fake.driver.run(payload, timeout=20, wait_final=True)


async def test_forged_review_forms_from_a_member_change_nothing(
        fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake = fake_discord
    alice, bob, dana = fake.users["alice"], fake.users["bob"], fake.users["dana"]
    await fake.slash("deck upload", {"file": {"filename": "club.yaml", "data": DECK}}, user=dana, timeout=20)
    await suggest(fake, alice, {"front": "Is Redis a cache?", "back": "Yes"})
    attempts = [
        await forged_submit(fake, alice, "recall:suggest:editform:1", {"front": "Mine, accepted", "back": "Yes"}),
        await forged_submit(fake, bob, "recall:suggest:rejectform:1", {"reason": "forged"}),
        await forged_submit(fake, bob, "recall:card:save:club:q1", {
            "question": "Hijacked?", "options": "a\nb", "answer": "1", "explanation": "x"}),
    ]
    for attempt in attempts:
        assert "reviewer role" in attempt.text(), attempt.text()
    queue = await fake.slash("deck queue", {"deck": "club"}, user=dana, timeout=20)
    assert "1 suggestion" in queue.text() and "Is Redis a cache?" in queue.text(), queue.text()
    quiz = await fake.slash("quiz", {"deck": "club"}, user=bob)
    assert "Which is a cache?" in quiz.text() and "Hijacked" not in quiz.text(), quiz.text()
    assert fake.channel_messages(fake.store.dm_channel_for(alice)) == []
