"""End to end: an /explain answer that states a shipped card's misconception gets the card's correction,
and the concept it contradicts is marked ✗ even though its keyword was written."""

from __future__ import annotations

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import BotProcess

DECK = "model-optimization-nlp"

# The deck's two intermediate open cards (picked at random by /explain): an answer stating one of each
# card's misconceptions, the concept line that must read ✗, and the start of the correction shown.
ANSWERS = {
    "distillation": (
        "The teacher is smaller, and the student model learns to mimic its outputs on phones.",
        "✗ A large teacher model",
        "Careful: The teacher is the large, already trained model",
    ),
    "quantization": (
        "Quantization makes the model bigger, with lower precision numbers and faster inference.",
        "✗ A smaller model",
        "Careful: Quantization makes a model smaller, not bigger",
    ),
}


async def test_a_stated_misconception_is_corrected_and_its_concept_not_credited(
    fake_discord: FakeDiscord, recall_bot: BotProcess
) -> None:
    alice = fake_discord.users["alice"]
    question = await fake_discord.slash("explain", {"deck": DECK, "level": "intermediate"}, user=alice)
    topic = next(name for name in ANSWERS if name in question.text().lower())
    answer, contradicted_line, correction = ANSWERS[topic]
    (answer_button,) = [cid for cid in question.custom_ids() if cid.startswith("recall:explain:answer:")]
    form = await fake_discord.click(question, answer_button, user=alice)
    assert form.modal is not None
    (text_input,) = [c for row in form.modal["components"] for c in row.get("components", [])]

    graded = await fake_discord.submit_modal(form, {text_input["custom_id"]: answer})

    text = graded.text()
    assert graded.ephemeral and "You got " in text
    assert correction in text, text
    lines = text.splitlines()
    assert contradicted_line in lines, text
    # the words that earned a ✓ are shown beside it
    assert any(line.startswith("✓ ") and "“" in line for line in lines), text
    assert fake_discord.late_interactions() == [] and fake_discord.unanswered_interactions() == []
