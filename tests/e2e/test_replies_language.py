"""End to end: replies in the member's client language, public card posts in the server's (issue 18).

One bot with global commands and two servers: A keeps Discord's default `en-US`, B prefers `es-ES`
(set before the bot connects). Alice's client is Spanish from Spain (`es-ES`), Carol's Latin American
Spanish (`es-419`), Bob's English. In A, each Spanish member's private flashcard back, its rating
buttons and the rating reply are Spanish, and so are the /explain form and its grade ("Has acertado x/y
conceptos", the deck's concept names as written), while Bob gets the same in English and the public
posts stay English. In B the public posts are Spanish whoever asks, and Bob's private replies English.
The Spanish texts are the catalogue's (bot/i18n/locales/es/LC_MESSAGES/replies-*.po).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.fake_discord.store import Channel
from tests.e2e.harness import BotProcess, running_recall

DECK = "model-optimization-nlp"
DECK_TITLE = "Model optimization for NLP"
# The deck's two intermediate open cards (/explain draws one): a partial answer, and the concept names.
OPEN_CARDS = {
    "distillation": ("A large teacher model is trained first.", [
        "A large teacher model", "A smaller student model", "The student mimics the teacher's outputs",
        "Similar performance or accuracy", "Less computation, so it runs on small devices"]),
    "quantization": ("It stores the weights with lower precision.", [
        "Lower numerical precision", "From 32-bit floats to 8-bit integers", "A smaller model", "Faster inference",
        "A small loss of accuracy"]),
}
RATING_LABELS = {
    "es": ["Otra vez", "Difícil", "Bien", "Fácil"],
    "en": ["Again", "Hard", "Good", "Easy"],
}
BACK_FOOTER = {
    "es": "¿Qué tan bien la sabías? Tu valoración programa tu próximo repaso.",
    "en": "How well did you know it? Your rating schedules your next review.",
}
# The rating reply: the rating, the next review (a Discord timestamp each client writes itself), points, streak.
RATED = {
    "es": re.compile(r"Valorada: \*\*Bien\*\* · próximo repaso <t:\d+:R> · \+\d+ puntos · 🔥 racha de 1 día"),
    "en": re.compile(r"Rated \*\*Good\*\* · next review <t:\d+:R> · \+\d+ points · 🔥 1-day streak"),
}
GRADE_TITLE = {"es": "Has acertado {hits}/{total} conceptos", "en": "You got {hits}/{total} concepts"}
GRADE_FIELDS = {"es": ["Pista", "Respuesta modelo", "Resultado"], "en": ["Hint", "Model answer", "Result"]}
RESULT = {"es": "aún no cuenta como correcta · +", "en": "not counted as correct yet · +"}
APPEAL = {"es": "Creo que tenía razón", "en": "I think I was right"}
FORM = {"es": ("Tu respuesta", "Explícalo con tus palabras…"), "en": ("Your answer", "Explain in your own words…")}


@pytest.fixture
async def two_servers() -> AsyncIterator[FakeDiscord]:
    """Server A in `en-US`, server B in `es-ES`; Alice (es-ES), Carol (es-419) and Bob (en-US) in both."""
    async with FakeDiscord(guilds=2) as fake:
        server_b = list(fake.store.guilds.values())[1]
        server_b.preferred_locale = "es-ES"
        for name in ("alice", "bob", "carol"):
            fake.store.add_member(server_b.id, name, user=fake.users[name])
        fake.store.locales[fake.users["alice"]["id"]] = "es-ES"
        fake.store.locales[fake.users["carol"]["id"]] = "es-419"
        yield fake


@pytest.fixture
async def bot(two_servers: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """The bot with global commands, so they exist in both servers."""
    async with running_recall(two_servers, tmp_path, "recall-languages", global_commands=True) as process:
        yield process


def labels(message: dict[str, Any] | None) -> dict[str, str]:
    """custom_id -> label of a message's buttons, in order."""
    found = {}
    for row in (message or {}).get("components") or []:
        for component in row.get("components") or []:
            if component.get("custom_id"):
                found[component["custom_id"]] = component.get("label") or ""
    return found


def embed_of(result: InteractionResult) -> dict[str, Any]:
    message = result.last_message
    assert message is not None and message.get("embeds"), result.text()
    embed: dict[str, Any] = message["embeds"][0]
    return embed


def footer(embed: dict[str, Any]) -> str:
    return str((embed.get("footer") or {}).get("text") or "")


async def post_flashcard(fake: FakeDiscord, user: dict[str, Any], channel: Channel, language: str) -> InteractionResult:
    """/flashcard: a public post in the server's language (its title, level and Reveal button)."""
    card = await fake.slash("flashcard", {"deck": DECK, "level": "beginner"}, user=user, channel=channel)
    assert card.callback_type == 4 and not card.ephemeral
    embed = embed_of(card)
    title, level, reveal = {"en": ("Flashcard", "beginner", "Reveal answer"),
                            "es": ("Tarjeta", "principiante", "Ver respuesta")}[language]
    assert embed["title"] == title
    assert footer(embed) == f"{DECK_TITLE} · {level}"
    assert list(labels(card.message).values()) == [reveal]
    return card


async def reveal_and_rate(fake: FakeDiscord, card: InteractionResult, user: dict[str, Any], language: str) -> None:
    """The private back, its rating buttons and the rating reply, in the member's language."""
    (reveal,) = labels(card.message)
    back = await fake.click(card, reveal, user=user)
    assert back.callback_type == 4 and back.ephemeral, back.text()
    assert footer(embed_of(back)) == BACK_FOOTER[language]
    buttons = labels(back.last_message)
    ratings = [cid for cid in buttons if cid.startswith("recall:flash:")]
    assert [buttons[cid] for cid in ratings] == RATING_LABELS[language]
    good = next(cid for cid in ratings if ":good:" in cid)
    rated = await fake.click(back, good, user=user)
    assert rated.callback_type == 7 and rated.message is not None
    assert RATED[language].fullmatch(rated.message["content"]), rated.message["content"]
    assert footer(rated.message["embeds"][0]) == BACK_FOOTER[language]


async def post_explain(fake: FakeDiscord, user: dict[str, Any], channel: Channel, language: str) -> InteractionResult:
    """/explain: the public prompt in the server's language."""
    question = await fake.slash("explain", {"deck": DECK, "level": "intermediate"}, user=user, channel=channel)
    assert question.callback_type == 4 and not question.ephemeral
    embed = embed_of(question)
    title, note, answer = {
        "en": ("Explain it in your own words", "click Answer; your grade is private", "Answer"),
        "es": ("Explícalo con tus palabras", "pulsa Responder; tu nota es privada", "Responder"),
    }[language]
    level = {"en": "intermediate", "es": "intermedio"}[language]
    assert embed["title"] == title
    assert footer(embed) == f"{DECK_TITLE} · {level} · {note}"
    assert list(labels(question.message).values()) == [answer]
    return question


async def answer_explain(fake: FakeDiscord, question: InteractionResult, user: dict[str, Any], language: str) -> None:
    """The answer form and the private grade in the member's language; the concept names as the deck writes them."""
    topic = next(name for name in OPEN_CARDS if name in question.text().lower())
    answer, concepts = OPEN_CARDS[topic]
    (answer_button,) = labels(question.message)
    form = await fake.click(question, answer_button, user=user)
    assert form.modal is not None
    (text_input,) = [c for row in form.modal["components"] for c in row.get("components", [])]
    assert (form.modal["title"], text_input["placeholder"]) == FORM[language]

    graded = await fake.submit_modal(form, {text_input["custom_id"]: answer}, user=user)
    assert graded.ephemeral
    embed = embed_of(graded)
    lines = embed["description"].splitlines()
    assert [re.sub(r"^[✓✗] | — .*$", "", line) for line in lines] == concepts, lines
    hits = sum(line.startswith("✓ ") for line in lines)
    assert 0 < hits < len(concepts), lines
    assert embed["title"] == GRADE_TITLE[language].format(hits=hits, total=len(concepts))
    fields = embed.get("fields") or []
    assert [field["name"] for field in fields] == GRADE_FIELDS[language]
    assert fields[-1]["value"].startswith(RESULT[language]), fields[-1]
    assert APPEAL[language] in labels(graded.last_message).values()


async def test_replies_follow_the_member_and_public_posts_the_server(two_servers: FakeDiscord, bot: BotProcess) -> None:
    fake = two_servers
    alice, bob, carol = (fake.users[name] for name in ("alice", "bob", "carol"))
    server_a, server_b = list(fake.store.guilds.values())
    in_a, in_b = fake.channel(guild_id=server_a.id), fake.channel(guild_id=server_b.id)

    # Server A (en-US): Alice asks, the post is English; each member's own replies are in their language.
    card = await post_flashcard(fake, alice, in_a, "en")
    for member, language in ((alice, "es"), (carol, "es"), (bob, "en")):
        await reveal_and_rate(fake, card, member, language)
    question = await post_explain(fake, alice, in_a, "en")
    for member, language in ((alice, "es"), (carol, "es"), (bob, "en")):
        await answer_explain(fake, question, member, language)

    # Server B (es-ES): Bob asks, the posts are Spanish; his private replies stay English, Carol's Spanish.
    card_b = await post_flashcard(fake, bob, in_b, "es")
    (reveal,) = labels(card_b.message)
    back = await fake.click(card_b, reveal, user=bob)
    assert footer(embed_of(back)) == BACK_FOOTER["en"]
    assert [label for cid, label in labels(back.last_message).items() if cid.startswith("recall:flash:")] == (
        RATING_LABELS["en"])
    question_b = await post_explain(fake, bob, in_b, "es")
    await answer_explain(fake, question_b, carol, "es")

    assert fake.late_interactions() == [] and fake.unanswered_interactions() == []
    assert fake.store.invalid_bodies == []
