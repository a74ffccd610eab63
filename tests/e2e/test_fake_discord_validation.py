"""The fake refuses, like Discord, bodies beyond Discord's documented limits (400 / 50035)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord.validation import (
    choices_problems,
    form_error_body,
    message_problems,
    modal_problems,
)


def button(custom_id: str, label: str = "ok") -> dict:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def row(*buttons: dict) -> dict:
    return {"type": 1, "components": list(buttons)}


def paths(problems: list[tuple[str, str]]) -> list[str]:
    return [path for path, _ in problems]


def test_a_reasonable_message_passes() -> None:
    body = {
        "content": "x" * 2000,
        "embeds": [
            {"title": "t" * 256, "description": "d" * 3000, "fields": [{"name": "n", "value": "v" * 1024}]}
        ],
        "components": [row(*(button(f"b{r}{i}", "l" * 80) for i in range(5))) for r in range(5)],
        "allowed_mentions": {"parse": []},
    }
    assert message_problems(body) == []


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"content": "x" * 2001}, "content"),
        ({"embeds": [{"description": "d" * 4097}]}, "embeds.0.description"),
        ({"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]}, "embeds"),
        ({"embeds": [{"fields": [{"name": "n", "value": ""}]}]}, "embeds.0.fields.0"),
        ({"components": [row(button("a", "l" * 81))]}, "components.0.components.0.label"),
        ({"components": [row(button("x" * 101))]}, "components.0.components.0.custom_id"),
        ({"components": [row(button("same"), button("same"))]}, "components.0.components.1.custom_id"),
        ({"components": [row(*(button(f"b{i}") for i in range(6)))]}, "components.0.components"),
        ({"components": [row(button(f"r{i}")) for i in range(6)]}, "components"),
        (
            {"poll": {"question": {"text": "q"}, "answers": [{"poll_media": {"text": "a" * 56}}]}},
            "poll.answers.0.poll_media.text",
        ),
        (
            {"poll": {"question": {"text": "q" * 301}, "answers": [{"poll_media": {"text": "a"}}]}},
            "poll.question.text",
        ),
        (
            {
                "poll": {
                    "question": {"text": "q"},
                    "answers": [{"poll_media": {"text": "a"}}],
                    "duration": 769,
                }
            },
            "poll.duration",
        ),
    ],
)
def test_limits(body: dict, path: str) -> None:
    assert path in paths(message_problems(body))


def test_modal_and_choice_limits() -> None:
    text_input = {"type": 4, "custom_id": "answer", "label": "Answer", "style": 2, "max_length": 4000}
    modal = {"custom_id": "m", "title": "t" * 45, "components": [{"type": 1, "components": [text_input]}]}
    assert modal_problems(modal) == []
    assert "data.title" in paths(modal_problems({**modal, "title": "t" * 46}))
    long_label = {"type": 18, "label": "Answer", "component": {**text_input, "label": "l" * 46}}
    assert "data.components.0.component.label" in paths(modal_problems({**modal, "components": [long_label]}))
    assert choices_problems({"choices": [{"name": "a", "value": "a"}] * 25}) == []
    assert "data.choices" in paths(choices_problems({"choices": [{"name": "a", "value": "a"}] * 26}))
    assert form_error_body([("a.0.b", "bad")])["errors"] == {
        "a": {"0": {"b": {"_errors": [{"code": "BASE_TYPE_INVALID", "message": "bad"}]}}}
    }


@pytest.fixture
async def http(fake_discord: FakeDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    async with aiohttp.ClientSession(
        base_url=f"http://127.0.0.1:{fake_discord.port}", headers=headers
    ) as session:
        yield session


async def test_invalid_bodies_are_refused_and_recorded(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    channel = fake_discord.channel()
    refused = await http.post(f"/api/v10/channels/{channel.id}/messages", json={"content": "x" * 2001})
    assert refused.status == 400
    body = await refused.json()
    assert body["code"] == 50035 and "content" in body["errors"]
    assert fake_discord.channel_messages(channel) == []
    ((request, problems),) = fake_discord.store.invalid_bodies
    assert request.path == f"/channels/{channel.id}/messages" and problems[0][0] == "content"

    fake_discord.store.global_commands["q"] = {"name": "q", "id": "1", "options": []}  # as if synced
    record = fake_discord.driver.register_interaction(fake_discord.driver.slash_payload("q"))
    url = f"/api/v10/interactions/{record.id}/{record.token}/callback"
    bad = {"type": 4, "data": {"components": [row(button("a", "l" * 81))]}}
    assert (await http.post(url, json=bad)).status == 400
    assert record.callback is None, "an invalid response does not acknowledge the interaction"
    assert (await http.post(url, json={"type": 4, "data": {"content": "fine"}})).status == 204


async def test_opt_in_global_rate_limit_spares_interaction_routes() -> None:
    async with FakeDiscord(global_rate_limit=5) as fake:
        headers = {"Authorization": f"Bot {fake.token}"}
        async with aiohttp.ClientSession(base_url=f"http://127.0.0.1:{fake.port}", headers=headers) as http:
            statuses = [(await http.get("/api/v10/users/@me")).status for _ in range(7)]
            assert statuses == [200] * 5 + [429] * 2
            limited = await http.get("/api/v10/users/@me")
            body = await limited.json()
            assert body["global"] is True and 0 < body["retry_after"] <= 1.0
            assert limited.headers["X-RateLimit-Global"] == "true"
            fake.store.global_commands["q"] = {"name": "q", "id": "1", "options": []}  # as if synced
            record = fake.driver.register_interaction(fake.driver.slash_payload("q"))
            callback = await http.post(
                f"/api/v10/interactions/{record.id}/{record.token}/callback", json={"type": 5, "data": {}}
            )
            assert callback.status == 204, "interaction callbacks are exempt"
        assert fake.global_limit is not None and fake.global_limit.hits == 3
