"""What the simulated members do in the benchmark, per target bot.

`FloorScenario` clicks answer buttons on messages the fake pretends the floor bot posted.
`RecallScenario` is the hook for the real bot: it posts real `/quiz` and `/explain` messages through
the fake first, then clicks quiz option buttons and opens + submits the explain modal. It relies only
on what the issue fixes (option buttons on the `/quiz` message, an Answer button on the `/explain`
message that opens a modal), not on Recall's custom_id formats."""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.e2e.fake_discord import FakeDiscord, InteractionResult  # noqa: E402
from tests.e2e.fake_discord.interaction_payloads import walk_components  # noqa: E402
from tests.e2e.fake_discord.payloads import build_message  # noqa: E402
from tests.e2e.harness import RECALL_COMMAND, fake_env, recall_env  # noqa: E402

OPEN_ANSWER = (
    "A large teacher model produces soft targets and a smaller student model is trained to mimic them, "
    "so the student keeps most of the accuracy while being faster and cheaper to run."
)


@dataclass
class Action:
    """One injected interaction; `then_modal` makes it a modal opener whose modal gets submitted."""

    payload: dict[str, Any]
    then_modal: dict[str, str] | None = None


def members_of(fake: FakeDiscord, guild_id: str) -> list[dict[str, Any]]:
    guild = fake.store.guilds[guild_id]
    return [m.user for m in guild.members.values() if m.id not in (fake.store.application_id, guild.owner_id)]


@dataclass
class FloorScenario:
    name: str = "floor"
    options: int = 4
    messages: list[dict[str, Any]] = field(default_factory=list)
    members: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def command(self) -> list[str]:
        return [sys.executable, str(Path(__file__).with_name("floor_bot.py"))]

    def env(self, fake: FakeDiscord, data_dir: Path) -> dict[str, str]:
        return fake_env(fake)

    async def prepare(self, fake: FakeDiscord) -> None:
        """One question message per guild, as if the floor bot had posted it."""
        for index, guild in enumerate(fake.store.guilds.values()):
            buttons = [
                {"type": 2, "style": 1, "label": f"Option {o}", "custom_id": f"floor:answer:{index}:{o}"}
                for o in range(self.options)
            ]
            body = {"content": f"Question {index}", "components": [{"type": 1, "components": buttons}]}
            message = build_message(fake.store, guild.text_channels()[0], body)
            fake.store.save_message(message)
            self.messages.append(message)
            self.members[guild.id] = members_of(fake, guild.id)

    def next_action(self, fake: FakeDiscord, rng: random.Random) -> Action:
        message = rng.choice(self.messages)
        user = rng.choice(self.members[message["guild_id"]])
        custom_id = f"floor:answer:{message['content'].split()[1]}:{rng.randrange(self.options)}"
        return Action(fake.driver.click_payload(message, custom_id, user=user))


@dataclass
class RecallScenario:
    """`python -m bot`. Guild commands in the first guild (RECALL_DEV_GUILD_ID), members of that guild."""

    name: str = "recall"
    questions: int = 30
    explain_share: float = 0.2
    database: Path | None = None
    quizzes: list[dict[str, Any]] = field(default_factory=list)
    explains: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)

    def command(self) -> list[str]:
        return list(RECALL_COMMAND)

    def env(self, fake: FakeDiscord, data_dir: Path) -> dict[str, str]:
        env = recall_env(fake, data_dir, log_level="WARNING")
        if self.database is not None:  # a database seeded elsewhere (e.g. 100,000 members with history)
            env["RECALL_DATABASE_URL"] = f"sqlite:///{self.database}"
        return env

    async def prepare(self, fake: FakeDiscord) -> None:
        """Post the questions, each by a different member (Recall has a per-member command cooldown)."""
        self.members = members_of(fake, fake.guild.id)
        posters = iter(self.members)
        for _ in range(min(self.questions, len(self.members) // 2)):
            quiz = await fake.slash("quiz", user=next(posters), timeout=10)
            self.quizzes.append(self._with_buttons(quiz, "/quiz"))
            if self.explain_share > 0:
                explain = await fake.slash("explain", user=next(posters), timeout=10)
                self.explains.append(self._with_buttons(explain, "/explain"))

    @staticmethod
    def _with_buttons(result: InteractionResult, what: str) -> dict[str, Any]:
        message = result.message
        if message is None or not result.custom_ids(message):
            raise RuntimeError(
                f"{what} answered without a message with buttons: callback {result.record.callback}"
            )
        return message

    def next_action(self, fake: FakeDiscord, rng: random.Random) -> Action:
        user = rng.choice(self.members)
        if self.explains and rng.random() < self.explain_share:
            message = rng.choice(self.explains)
            answer_button = self._answer_button(fake, message)
            payload = fake.driver.click_payload(message, answer_button, user=user)
            return Action(payload, then_modal={"*": OPEN_ANSWER})
        message = rng.choice(self.quizzes)
        options = _custom_ids(fake.store.messages.get(message["id"], message))
        return Action(fake.driver.click_payload(message, rng.choice(options), user=user))

    @staticmethod
    def _answer_button(fake: FakeDiscord, message: dict[str, Any]) -> str:
        message = fake.store.messages.get(message["id"], message)
        ids = _custom_ids(message)
        return next((c for c in ids if "answer" in c.lower()), ids[0])


def _custom_ids(message: dict[str, Any]) -> list[str]:
    return [
        c["custom_id"]
        for c in walk_components(message.get("components") or [])
        if c.get("type") == 2 and c.get("custom_id")
    ]


@dataclass
class DistinctAnswersScenario(RecallScenario):
    """Every click is a new stored attempt: distinct members answering questions they haven't answered.

    `questions` /quiz messages are posted (each by a different member: the command cooldown), then the
    clicks go round the members: in round r, every member (in a shuffled order) answers question
    (the member's index + r) mod questions, so no member answers a question twice until all
    members x questions pairs are used (then `repeats` counts the clicks that may be duplicates).
    The issue's report: 2,000 members of one server (`--guilds 1 --members 2000`)."""

    name: str = "recall"
    questions: int = 100
    explain_share: float = 0.0
    repeats: int = 0
    _order: list[int] = field(default_factory=list)
    _round: int = 0
    _position: int = 0

    async def prepare(self, fake: FakeDiscord) -> None:
        members = members_of(fake, fake.guild.id)
        if len(members) < 2 * self.questions:
            self.questions = max(1, len(members) // 2)
        await super().prepare(fake)

    def next_action(self, fake: FakeDiscord, rng: random.Random) -> Action:
        if self._position >= len(self._order):
            if self._order:
                self._round += 1
            else:
                self._order = list(range(len(self.members)))
            rng.shuffle(self._order)
            self._position = 0
        member = self._order[self._position]
        self._position += 1
        if self._round >= len(self.quizzes):
            self.repeats += 1
        message = self.quizzes[(member + self._round) % len(self.quizzes)]
        options = _custom_ids(fake.store.messages.get(message["id"], message))
        return Action(fake.driver.click_payload(message, rng.choice(options), user=self.members[member]))


SCENARIOS: dict[str, dict[str, Any]] = {
    "mixed": {"floor": FloorScenario, "recall": RecallScenario},
    "distinct": {"floor": FloorScenario, "recall": DistinctAnswersScenario},
}
