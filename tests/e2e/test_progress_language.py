"""End to end: /streak, /stats, /leaderboard, /timezone, /help, /decks and /mydata in the reader's language
(issue 18). The bot's one server prefers French (set before it connects); Alice's client is Spanish from
Spain, Carol's Japanese, Bob's English. Public posts (/streak, /leaderboard and the picture's alt text) are
French whoever asks; private replies (/stats, /timezone, /help, /decks, /mydata) follow each member's client.
The texts are the catalogues' (bot/i18n/locales/<lang>/LC_MESSAGES/replies-*.po).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.harness import BotProcess, running_recall

DECK = "model-optimization-nlp"


def first(result: InteractionResult, prefix: str) -> str:
    return next(cid for cid in result.custom_ids() if cid.startswith(prefix))


@pytest.fixture
async def french_server() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake:
        (guild,) = fake.store.guilds.values()
        guild.preferred_locale = "fr"
        fake.store.locales[fake.users["alice"]["id"]] = "es-ES"
        fake.store.locales[fake.users["carol"]["id"]] = "ja"
        yield fake


@pytest.fixture
async def bot(french_server: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotProcess]:
    async with running_recall(french_server, tmp_path, "recall-progress-fr") as process:
        yield process


async def test_public_posts_in_french_private_replies_in_each_members_language(
    french_server: FakeDiscord, bot: BotProcess,
) -> None:
    fake = french_server
    alice, bob, carol = (fake.users[name] for name in ("alice", "bob", "carol"))
    for member in (alice, bob):
        quiz = await fake.slash("quiz", {"deck": DECK}, user=member)
        await fake.click(quiz, first(quiz, "recall:quiz:pick:"), user=member)

    streak = await fake.slash("streak", user=alice)
    assert not streak.ephemeral
    assert "Série de " in streak.text() and "**1** jour" in streak.text() and "Étudié aujourd'hui ✓" in streak.text()

    stats = await fake.slash("stats", user=alice)
    assert stats.ephemeral and "Historial de estudio de " in stats.text() and "Por mazo" in stats.text()
    assert "Model optimization for NLP: " in stats.text()  # the deck's title as written

    board = await fake.slash("leaderboard", user=alice)
    assert not board.ephemeral and "Classement · points · cette semaine" in board.text()
    message = board.last_message
    assert message is not None
    (attachment,) = message["attachments"]
    assert attachment["description"] == "Le classement en image ; le même classement est écrit dans le message."
    by_streak = await fake.slash("leaderboard", {"period": "all", "by": "streak"}, user=bob)
    assert "Classement · série en cours · depuis toujours" in by_streak.text() and "· 1 jour" in by_streak.text()

    zones = {name: (await fake.slash("timezone", user=fake.users[name])).text() for name in ("alice", "bob", "carol")}
    assert zones["alice"].startswith("No tienes zona horaria propia; se aplica la del servidor: **UTC**")
    assert zones["bob"].startswith("You have no time zone of your own; the server's applies: **UTC**")
    assert zones["carol"].startswith("自分のタイムゾーンは未設定のため、サーバーの **UTC** が使われます。")

    help_reply = await fake.slash("help", user=carol)
    assert help_reply.ephemeral and "Recall: みんなで学ぼう" in help_reply.text()
    assert "🛠️ サーバー管理者（サーバー管理権限が必要）" in help_reply.text()
    decks = await fake.slash("decks", user=alice)
    assert decks.ephemeral and "Mazos" in decks.text() and f"`{DECK}` · " in decks.text() and " tarjetas" in decks.text()

    left_out = await fake.slash("mydata leaderboard", {"show": "off"}, user=alice)
    assert left_out.ephemeral and left_out.text().startswith("Hecho: ya no sales en ninguna clasificación.")

    assert fake.late_interactions() == [] and fake.unanswered_interactions() == []
    assert fake.store.invalid_bodies == []
