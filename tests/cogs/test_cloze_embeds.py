"""The cloze replies stay within Discord's embed limits with the longest texts a deck allows."""

from __future__ import annotations

from bot.cogs.cloze.embeds import back_embed, front_embed, typed_embed
from bot.core.cloze_grading import grade_gap
from bot.core.deck import ClozeCard, ClozeGap
from bot.services.api import AnswerOutcome

WORD = "Mitochondria "


def longest_gap() -> ClozeGap:
    inner = (WORD * 140).strip()
    text = f"{{{{c1::{inner}}}}} " + " ".join("{{c1::ATP}}" for _ in range(60))
    text = text[:1990] if len(text) > 2000 else text
    text = text[: text.rfind("}}") + 2]
    card = ClozeCard(id="c", level="beginner", kind="cloze", text=text, extra="e" * 1024)
    return ClozeGap(card=card, number=1)


def size(embed: object) -> int:
    data = embed.to_dict()  # type: ignore[attr-defined]
    total = len(data.get("title", "")) + len(data.get("description", "")) + len(data.get("footer", {}).get("text", ""))
    return total + sum(len(f["name"]) + len(f["value"]) for f in data.get("fields", []))


def test_every_cloze_embed_fits_discord_s_limits() -> None:
    gap = longest_gap()
    typed = "x" * 4000
    grade = grade_gap(typed, gap.answers)
    outcome = AnswerOutcome(attempt_id=1, deck_id="d", card_id=gap.id, kind="cloze", correct=False, points=1,
                            duplicate=True, streak=None, cloze=grade)
    for embed in (front_embed("Deck", gap), back_embed(gap), typed_embed(gap, outcome, typed)):
        data = embed.to_dict()
        assert size(embed) <= 6000 and len(data.get("description", "")) <= 4096 and len(data.get("title", "")) <= 256
        assert all(len(field["value"]) <= 1024 for field in data.get("fields", []))
