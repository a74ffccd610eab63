"""A cloze round end to end: the real bot process against the fake Discord.

An uploaded deck of five gaps, `/round start kind:cloze` with 5 questions of 10 seconds: each question
shows its gap blanked, Answer opens a typing form, a typo is still right and scores by the speed rule
(checked against the stored times), a wrong answer scores 0, a second answer is refused, and the close
shows the missing words. Both members answer every question, so all but the first close early.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path
from typing import Any

from bot.core import cloze
from bot.core import rounds as rules
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import BotProcess
from tests.e2e.test_rounds import questions, wait_closed, wait_question

TEXTS = [
    "{{c1::Mitochondria}} release energy inside {{c2::eukaryotic}} cells.",
    "{{c1::Photosynthesis}} happens in the {{c2::chloroplasts}}.",
    "The capital of Australia is {{c1::Canberra::a city}}.",
]
DECK = "id: cells\ntitle: Cell biology\ncards:\n" + "".join(
    f"  - id: z{n}\n    kind: cloze\n    level: beginner\n    text: \"{text}\"\n" for n, text in enumerate(TEXTS, 1))
# The blanked text a question shows -> the missing word (every one 8 letters or more: one changed letter
# is a typo the grader accepts).
WORDS = {cloze.blanked(text, n): cloze.answers(text, n)[0] for text in TEXTS for n in cloze.parse(text).numbers}


def with_typo(word: str) -> str:
    return word[:3] + ("x" if word[3] != "x" else "y") + word[4:]


def answer_id(message: dict[str, Any]) -> str:
    (found,) = [c["custom_id"] for row in message["components"] for c in row["components"]
                if c["custom_id"].endswith(":za")]
    return found


async def type_answer(fake: FakeDiscord, message: dict[str, Any], user: dict[str, Any], text: str) -> str:
    form = await fake.click(message, answer_id(message), user=user)
    assert form.callback_type == 9 and form.modal is not None, form.text()
    receipt = await fake.submit_modal(form, {"answer": text})
    assert receipt.ephemeral, receipt.text()
    return receipt.text()


async def test_a_cloze_round_scores_a_typo_and_shows_the_words(fake_discord: FakeDiscord, recall_bot: BotProcess,
                                                              tmp_path: Path) -> None:
    fake, channel = fake_discord, fake_discord.channel("general")
    alice, bob, dana = (fake.users[n] for n in ("alice", "bob", "dana"))
    added = await fake.slash("deck upload", {"file": {"filename": "cells.yaml", "data": DECK.encode()}}, user=dana)
    assert "Cell biology" in added.text(), added.text()
    started = await fake.slash("round start", {"deck": "cells", "kind": "cloze", "questions": 5, "seconds": 10},
                               user=dana)
    assert not started.ephemeral and "5 cloze questions" in started.text(), started.text()

    told: dict[int, int] = {}
    for number in range(1, 6):
        message = await wait_question(fake, channel, number)
        blanked = message["embeds"][0]["description"]
        word = WORDS[blanked]
        assert word not in blanked and "[" in blanked
        typed = await type_answer(fake, message, alice, with_typo(word))
        got = re.search(r"✓ Right: \+(\d+) points", typed)
        assert got, typed
        told[number] = int(got[1])
        if number == 1:
            assert f"“{with_typo(word)}” for {word}" in typed, typed  # the typo that was accepted
            again = await type_answer(fake, message, alice, word)
            assert "first answer stands" in again, again
        wrong = await type_answer(fake, message, bob, "no idea at all")
        assert "Not this one" in wrong and word not in wrong, wrong
        await wait_closed(fake, message)
        answer = next(f["value"] for f in message["embeds"][0]["fields"] if f["name"] == "The answer")
        assert f"**Missing words:** {word}" in answer and f"**{word}**" in answer, answer
        assert "1 of 2 answers right" in next(f["value"] for f in message["embeds"][0]["fields"]
                                              if f["name"] == "Who got it")

    async with asyncio.timeout(20):
        while not [m for m in fake.channel_messages(channel) if "final scores" in (m.get("content") or "")]:
            await asyncio.sleep(0.05)
    assert all(len(questions(fake, channel, number)) == 1 for number in range(1, 6))
    with sqlite3.connect(f"file:{tmp_path / 'data' / 'recall.db'}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT a.position, a.user_id, a.correct, a.points, a.answered_at, q.opens_at, q.deadline, q.kind, q.card_id"
            " FROM round_answers a JOIN round_questions q ON q.round_id = a.round_id AND q.position = a.position"
        ).fetchall()
        attempts = db.execute("SELECT kind, source, answer_text FROM attempts WHERE user_id = ?",
                              (int(alice["id"]),)).fetchall()
    assert len(rows) == 10
    for position, user, correct, points, at, opens, deadline, kind, card_id in rows:
        assert kind == "cloze" and re.fullmatch(r"z[123]:c[12]", card_id)
        if str(user) == alice["id"]:
            assert correct and points == rules.cloze_points(True, deadline - at, deadline - opens) == told[position + 1]
        else:
            assert (correct, points) == (0, 0)
    assert sorted(attempts) == sorted(("cloze", "round", with_typo(word)) for word in WORDS.values())
    assert fake.late_interactions() == [] and fake.unanswered_interactions() == []
