import asyncio

import discord
import pytest

from bot.app import fallback
from bot.app.errors import EXPIRED
from bot.app.fallback import CLAIMED, FallbackRouter, modal_values


def test_modal_values_from_rows_and_labels() -> None:
    data = {
        "custom_id": "recall:x",
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "answer:1", "value": "text"}]},
            {"type": 18, "component": {"type": 4, "custom_id": "other", "value": None}},
            {"type": 10, "content": "no input here"},
        ],
    }
    assert modal_values(data) == {"answer:1": "text", "other": ""}
    assert modal_values({}) == {}
    assert modal_values(None) == {}


class FakeResponse:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def is_done(self) -> bool:
        return bool(self.sent)

    async def send_message(self, text: str, ephemeral: bool) -> None:
        assert ephemeral
        self.sent.append(text)


class FakeButton:
    def __init__(self, custom_id: str) -> None:
        self.custom_id = custom_id


class FakeRow:
    def __init__(self, *children: FakeButton) -> None:
        self.children = list(children)


class FakeMessage:
    def __init__(self, *custom_ids: str) -> None:
        self.components = [FakeRow(*(FakeButton(c) for c in custom_ids))]


class FakeInteraction:
    def __init__(self, custom_id: str, claimed: bool = False, message: FakeMessage | None = None) -> None:
        self.type = discord.InteractionType.component
        self.data = {"custom_id": custom_id, "component_type": 2}
        self.extras: dict[str, object] = {CLAIMED: True} if claimed else {}
        self.response = FakeResponse()
        self.message = message


class Counter(discord.ui.DynamicItem[discord.ui.Button], template=r"recall:test:count:(?P<n>[0-9]+)"):  # type: ignore[type-arg]
    pass


@pytest.fixture
def router(monkeypatch: pytest.MonkeyPatch) -> FallbackRouter:
    monkeypatch.setattr(fallback, "GRACE_SECONDS", 0.01)
    router = FallbackRouter()
    router._item_patterns.append(Counter.__discord_ui_compiled_template__)
    return router


async def test_unknown_recall_button_is_answered_at_once(router: FallbackRouter) -> None:
    interaction = FakeInteraction("recall:gone:away:1")
    await router.on_interaction(interaction)  # type: ignore[arg-type]
    assert interaction.response.sent == [EXPIRED]


async def test_known_button_missing_from_its_message_is_answered_at_once(router: FallbackRouter) -> None:
    present = FakeInteraction("recall:test:count:5", message=FakeMessage("recall:test:count:5"))
    missing = FakeInteraction("recall:test:count:6", message=FakeMessage("recall:test:count:5"))
    no_message = FakeInteraction("recall:test:count:7")
    for interaction in (present, missing, no_message):
        await router.on_interaction(interaction)  # type: ignore[arg-type]
    assert present.response.sent == []  # left to the item
    assert missing.response.sent == [EXPIRED] and no_message.response.sent == [EXPIRED]


async def test_foreign_buttons_are_answered_after_the_grace_unless_claimed(router: FallbackRouter) -> None:
    other, claimed = FakeInteraction("someone-else"), FakeInteraction("someone-else", claimed=True)
    for interaction in (other, claimed):
        await router.on_interaction(interaction)  # type: ignore[arg-type]
    assert other.response.sent == []
    await asyncio.sleep(0.1)
    assert other.response.sent == [EXPIRED]
    assert claimed.response.sent == []
