"""The fake's protocol details, checked in-process with a raw aiohttp client: exact JSON content type,
auth, error codes, callbacks, multipart, history paging, polls, intents, zlib-stream and RESUME replay."""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord.gateway import INTENT_GUILD_MESSAGES, INTENT_GUILDS, INTENT_MESSAGE_CONTENT

ZLIB_SUFFIX = b"\x00\x00\xff\xff"


@pytest.fixture
async def http(fake_discord: FakeDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    async with aiohttp.ClientSession(
        base_url=f"http://127.0.0.1:{fake_discord.port}", headers=headers
    ) as session:
        yield session


class RawGateway:
    """A minimal gateway client that records every frame, decompressing zlib-stream like discord.py."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.inflate = zlib.decompressobj()
        self.buffer = bytearray()

    async def frame(self, timeout: float = 3.0) -> dict[str, Any]:
        while True:
            msg = await self.ws.receive(timeout=timeout)
            if msg.type == aiohttp.WSMsgType.TEXT:
                return json.loads(msg.data)
            if msg.type == aiohttp.WSMsgType.BINARY:
                self.buffer.extend(msg.data)
                if bytes(self.buffer[-4:]) == ZLIB_SUFFIX:
                    text = self.inflate.decompress(bytes(self.buffer))
                    self.buffer.clear()
                    return json.loads(text)
                continue
            raise ConnectionError(f"closed: {msg.type} {self.ws.close_code}")

    async def until(self, event: str) -> dict[str, Any]:
        while True:
            frame = await self.frame()
            if frame.get("t") == event:
                return frame


async def connect(
    fake: FakeDiscord, session: aiohttp.ClientSession, *, compress: bool, path: str = "/gateway"
) -> RawGateway:
    query = "?v=10&encoding=json" + ("&compress=zlib-stream" if compress else "")
    ws = await session.ws_connect(f"ws://127.0.0.1:{fake.port}{path}{query}")
    gateway = RawGateway(ws)
    hello = await gateway.frame()
    assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] > 0
    return gateway


async def identify(gateway: RawGateway, token: str, intents: int) -> dict[str, Any]:
    await gateway.ws.send_json({"op": 2, "d": {"token": token, "intents": intents, "properties": {}}})
    return await gateway.frame()


async def test_json_content_type_auth_and_unknown_routes(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    me = await http.get("/api/v10/users/@me")
    assert me.headers["Content-Type"] == "application/json"
    assert (await me.json())["id"] == fake_discord.store.application_id
    bad = await http.get("/api/v10/users/@me", headers={"Authorization": "Bot nope"})
    assert bad.status == 401
    gateway = await (await http.get("/api/v10/gateway/bot")).json()
    assert gateway["url"] == f"ws://127.0.0.1:{fake_discord.port}/gateway"
    unknown = await http.post("/api/v10/guilds/1/emojis", json={"name": "x"})
    assert unknown.status == 404 and (await unknown.json())["code"] == 0
    assert [(r.method, r.path) for r in fake_discord.store.unknown_routes] == [("POST", "/guilds/1/emojis")]


async def test_faults_answer_429_with_retry_after_then_500_then_pass(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    fake_discord.fail_next("GET", r"^/users/@me$", status=429, retry_after=1.5)
    fake_discord.fail_next("GET", r"^/users/@me$", status=500)
    limited = await http.get("/api/v10/users/@me")
    assert limited.status == 429 and limited.headers["Via"] and limited.headers["Retry-After"] == "2"
    assert (await limited.json())["retry_after"] == 1.5
    assert (await http.get("/api/v10/users/@me")).status == 500
    assert (await http.get("/api/v10/users/@me")).status == 200
    assert [r.fault for r in fake_discord.requests("GET", "^/users/@me$")] == ["429", "500", None]


async def _open_interaction(fake: FakeDiscord, session: aiohttp.ClientSession) -> Any:
    """Identify a raw client, sync one command, and dispatch a slash interaction to it."""
    gateway = await connect(fake, session, compress=False)
    await identify(gateway, fake.token, INTENT_GUILDS)
    app, guild = fake.store.application_id, fake.guild.id
    command = {
        "name": "quiz",
        "description": "q",
        "options": [{"name": "deck", "type": 3, "description": "d"}],
    }
    synced = await session.put(f"/api/v10/applications/{app}/guilds/{guild}/commands", json=[command])
    assert (await synced.json())[0]["application_id"] == app
    payload = fake.driver.slash_payload("quiz", {"deck": "nlp"})
    record = await fake.driver.send_interaction(payload)
    frame = await gateway.until("INTERACTION_CREATE")
    assert frame["d"]["data"]["options"] == [{"name": "deck", "type": 3, "value": "nlp"}]
    assert frame["d"]["data"]["guild_id"] == guild
    return gateway, record


async def test_callbacks_once_within_three_seconds(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    _, record = await _open_interaction(fake_discord, http)
    url = f"/api/v10/interactions/{record.id}/{record.token}/callback?with_response=1"
    wrong = await http.post(url, json={"type": 8, "data": {"choices": []}})
    assert wrong.status == 400
    body = {"type": 4, "data": {"content": "hi", "flags": 64, "allowed_mentions": {"parse": []}}}
    first = await http.post(url, json=body)
    answer = await first.json()
    assert answer["interaction"]["response_message_ephemeral"] is True
    assert answer["resource"]["message"]["id"] == answer["interaction"]["response_message_id"]
    second = await http.post(url, json=body)
    assert second.status == 400 and (await second.json())["code"] == 40060

    _, late = await _open_interaction(fake_discord, http)
    late.sent_at -= 3.2
    response = await http.post(f"/api/v10/interactions/{late.id}/{late.token}/callback", json=body)
    assert response.status == 404 and (await response.json())["code"] == 10062
    assert fake_discord.late_interactions() == [late] and late.callback is None


async def test_followup_before_any_response_is_an_unknown_webhook(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    _, record = await _open_interaction(fake_discord, http)
    app = fake_discord.store.application_id
    early = await http.post(f"/api/v10/webhooks/{app}/{record.token}?wait=1", json={"content": "x"})
    assert early.status == 404 and (await early.json())["code"] == 10015


async def test_multipart_upload_and_history_paging(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    channel = fake_discord.channel()
    form = aiohttp.FormData()
    form.add_field(
        "payload_json", json.dumps({"content": "deck", "attachments": [{"id": 0, "filename": "d.yaml"}]})
    )
    form.add_field("files[0]", b"id: x\n", filename="d.yaml", content_type="application/x-yaml")
    sent = await (await http.post(f"/api/v10/channels/{channel.id}/messages", data=form)).json()
    assert sent["attachments"][0]["filename"] == "d.yaml" and sent["attachments"][0]["size"] == 6
    assert fake_discord.requests("POST")[-1].files[0]["data"] == b"id: x\n"

    ids = [sent["id"]]
    for n in range(4):
        message = await (
            await http.post(f"/api/v10/channels/{channel.id}/messages", json={"content": str(n)})
        ).json()
        ids.append(message["id"])
    newest = await (await http.get(f"/api/v10/channels/{channel.id}/messages?limit=2")).json()
    assert [m["id"] for m in newest] == [ids[4], ids[3]]
    older = await (await http.get(f"/api/v10/channels/{channel.id}/messages?limit=2&before={ids[3]}")).json()
    assert [m["id"] for m in older] == [ids[2], ids[1]]
    after = await (await http.get(f"/api/v10/channels/{channel.id}/messages?limit=2&after={ids[0]}")).json()
    assert [m["id"] for m in after] == [ids[2], ids[1]]
    empty = await http.post(f"/api/v10/channels/{channel.id}/messages", json={"content": ""})
    assert empty.status == 400


async def test_poll_votes_paging_and_expiry(fake_discord: FakeDiscord, http: aiohttp.ClientSession) -> None:
    channel = fake_discord.channel()
    poll = {
        "question": {"text": "Which is distillation?"},
        "answers": [{"poll_media": {"text": "Student mimics teacher"}}, {"poll_media": {"text": "Pruning"}}],
        "duration": 24,
        "allow_multiselect": False,
    }
    message = await (await http.post(f"/api/v10/channels/{channel.id}/messages", json={"poll": poll})).json()
    assert [a["answer_id"] for a in message["poll"]["answers"]] == [1, 2]
    voters = [fake_discord.users[n] for n in ("alice", "bob", "carol")]
    for user in voters:
        await fake_discord.vote(message, 1, user)
    base = f"/api/v10/channels/{channel.id}/polls/{message['id']}/answers/1"
    page1 = (await (await http.get(f"{base}?limit=2")).json())["users"]
    page2 = (await (await http.get(f"{base}?limit=2&after={page1[-1]['id']}")).json())["users"]
    page3 = (await (await http.get(f"{base}?limit=2&after={page2[-1]['id']}")).json())["users"]
    assert {u["id"] for u in page1 + page2} == {u["id"] for u in voters} and page3 == []
    edit = await http.patch(f"/api/v10/channels/{channel.id}/messages/{message['id']}", json={"poll": poll})
    assert edit.status == 400
    ended = await (await http.post(f"/api/v10/channels/{channel.id}/polls/{message['id']}/expire")).json()
    assert ended["poll"]["results"] == {
        "is_finalized": True,
        "answer_counts": [{"id": 1, "count": 3, "me_voted": False}, {"id": 2, "count": 0, "me_voted": False}],
    }


async def test_wrong_token_closes_with_4004(fake_discord: FakeDiscord, http: aiohttp.ClientSession) -> None:
    gateway = await connect(fake_discord, http, compress=True)
    await gateway.ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 1, "properties": {}}})
    msg = await gateway.ws.receive(timeout=3)
    assert msg.type == aiohttp.WSMsgType.CLOSE and gateway.ws.close_code == 4004


async def test_zlib_ready_guild_create_and_heartbeat(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    gateway = await connect(fake_discord, http, compress=True)
    ready = await identify(gateway, fake_discord.token, INTENT_GUILDS)
    assert ready["t"] == "READY" and ready["s"] == 1
    assert ready["d"]["resume_gateway_url"] == f"ws://127.0.0.1:{fake_discord.port}/resume"
    assert ready["d"]["guilds"] == [{"id": fake_discord.guild.id, "unavailable": True}]
    guild = (await gateway.frame())["d"]
    assert guild["member_count"] == len(guild["members"]) == 6  # owner, bot, alice, bob, carol, dana
    assert guild["roles"][0]["id"] == guild["id"] and all("flags" in m for m in guild["members"])
    assert guild["system_channel_id"] in {c["id"] for c in guild["channels"]}
    await gateway.ws.send_json({"op": 1, "d": 2})
    assert (await gateway.frame())["op"] == 11


async def test_intents_filter_and_hide_message_content(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    channel, alice = fake_discord.channel(), fake_discord.users["alice"]
    without = await connect(fake_discord, http, compress=False)
    await identify(without, fake_discord.token, INTENT_GUILDS)
    await without.until("GUILD_CREATE")
    await fake_discord.user_message(channel, alice, "secret answer")
    with pytest.raises(asyncio.TimeoutError):
        await without.frame(timeout=0.3)
    await without.ws.close()

    for intents, expected in (
        (INTENT_GUILD_MESSAGES, ""),
        (INTENT_GUILD_MESSAGES | INTENT_MESSAGE_CONTENT, "hello"),
    ):
        client = await connect(fake_discord, http, compress=False)
        await identify(client, fake_discord.token, INTENT_GUILDS | intents)
        await fake_discord.user_message(channel, alice, "hello")
        created = await client.until("MESSAGE_CREATE")
        assert created["d"]["content"] == expected
        await client.ws.close()


async def test_resume_replays_missed_events_and_unknown_session_is_invalid(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    first = await connect(fake_discord, http, compress=True)
    ready = await identify(first, fake_discord.token, INTENT_GUILDS | INTENT_GUILD_MESSAGES)
    last_seen = (await first.until("GUILD_CREATE"))["s"]
    await fake_discord.drop_connection()
    missed = await fake_discord.user_message(fake_discord.channel(), fake_discord.users["bob"], "while away")

    second = await connect(fake_discord, http, compress=True, path="/resume")
    resume = {"token": fake_discord.token, "session_id": ready["d"]["session_id"], "seq": last_seen}
    await second.ws.send_json({"op": 6, "d": resume})
    replayed = await second.frame()
    assert (
        replayed["t"] == "MESSAGE_CREATE"
        and replayed["d"]["id"] == missed["id"]
        and replayed["s"] == last_seen + 1
    )
    assert (await second.frame())["t"] == "RESUMED"

    third = await connect(fake_discord, http, compress=False, path="/resume")
    await third.ws.send_json({"op": 6, "d": {"token": fake_discord.token, "session_id": "nope", "seq": 1}})
    assert await third.frame() == {"op": 9, "d": False, "s": None, "t": None}
