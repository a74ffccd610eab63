"""End to end: the moderation flow in each reader's language. An admin with a Spanish client uploads a deck
and reads its queue in Spanish (counts, buttons, the reject form); a member with a German client suggests a
card through a German form; a member with a Japanese client is refused and asked what's wrong with a card
in Japanese; the rejected author's DM is written in the author's last seen language (German), not in the
reviewer's."""

from __future__ import annotations

from typing import Any

from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.harness import BotProcess
from tests.e2e.test_suggestions import DECK


def walk(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found, pending = [], list(components)
    while pending:
        component = pending.pop(0)
        found.append(component)
        pending.extend(component.get("components") or [])
        if "component" in component:
            pending.append(component["component"])
    return found


def labels(result: InteractionResult) -> dict[str, str]:
    """custom_id -> label of every button of the reply and its follow-ups."""
    messages = [m for m in [result.message, *result.followups] if m is not None]
    return {c["custom_id"]: c.get("label") or "" for m in messages for c in walk(m.get("components") or [])
            if c.get("type") == 2 and "custom_id" in c}


def form_words(result: InteractionResult) -> list[str]:
    """The opened form's title, then its inputs' labels."""
    assert result.modal is not None, result.text()
    return [result.modal["title"], *[c["label"] for c in walk(result.modal["components"]) if c.get("label")]]


async def test_the_queue_and_its_forms_speak_each_readers_language(fake_discord: FakeDiscord,
                                                                   recall_bot: BotProcess) -> None:
    fake = fake_discord
    alice, bob, dana = fake.users["alice"], fake.users["bob"], fake.users["dana"]
    fake.store.locales[dana["id"]] = "es-ES"
    fake.store.locales[alice["id"]] = "de"
    fake.store.locales[bob["id"]] = "ja"

    uploaded = await fake.slash("deck upload", {"file": {"filename": "club.yaml", "data": DECK}}, user=dana, timeout=20)
    assert uploaded.text().startswith("Se ha añadido **Club deck** (`club`, 1 tarjeta) a este servidor."), uploaded.text()
    empty = await fake.slash("deck queue", {"deck": "club"}, user=dana, timeout=20)
    assert empty.text() == "No hay apelaciones, sugerencias ni reportes abiertos en `club`.", empty.text()

    form = await fake.slash("suggest", {"deck": "club", "kind": "flashcard"}, user=alice)
    assert form_words(form)[0] == "Karteikarte vorschlagen", form_words(form)
    thanks = await fake.submit_modal(form, {"front": "Was speichert ein Cache?", "back": "Ergebnisse"}, user=alice,
                                     timeout=20)
    assert thanks.text() == "Danke! Vorschlag #1 für `club` wartet auf die Prüfer dieses Servers.", thanks.text()

    queue = await fake.slash("deck queue", {"deck": "club"}, user=dana, timeout=20)
    assert "Cola de `club`: 0 apelaciones · 1 sugerencia · 0 reportes." in queue.text(), queue.text()
    assert "Tarjetas sugeridas para `club`:" in queue.text() and "Anverso: Was speichert ein Cache?" in queue.text()
    assert {cid: label for cid, label in labels(queue).items() if cid.startswith("recall:suggest:")} == {
        "recall:suggest:accept:1": "Aceptar #1", "recall:suggest:edit:1": "Editar #1",
        "recall:suggest:reject:1": "Rechazar #1"}
    denied = await fake.click(queue, "recall:suggest:accept:1", user=bob)  # not a reviewer: told in Japanese
    assert "審査ロール" in denied.text(), denied.text()

    reject = await fake.click(queue, "recall:suggest:reject:1", user=dana)
    assert form_words(reject) == ["Rechazar sugerencia #1", "Motivo (se envía al autor por MD)"]
    rejected = await fake.submit_modal(reject, {"reason": "Demasiado parecida a q1"}, user=dana, timeout=20)
    assert rejected.text().endswith("Se ha avisado al autor por MD."), rejected.text()
    (dm,) = fake.channel_messages(fake.store.dm_channel_for(alice))
    assert dm["content"].startswith("Deine vorgeschlagene Karte für `club` auf **"), dm["content"]
    assert dm["content"].endswith("wurde nicht angenommen.\nGrund: Demasiado parecida a q1"), dm["content"]

    quiz = await fake.slash("quiz", {"deck": "club"}, user=bob)
    answered = await fake.click(quiz, next(c for c in quiz.custom_ids() if c.startswith("recall:quiz:pick:")), user=bob)
    report = next(cid for cid in answered.custom_ids() if cid.startswith("recall:report:ask:club:"))
    reasons = await fake.click(answered, report, user=bob)  # private: in the member's language
    assert reasons.ephemeral and reasons.text() == "**Which is a cache?** のどこが問題ですか？", reasons.text()
