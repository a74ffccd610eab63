"""The fake Discord proven against a real discord.py 2.7 bot (tests/e2e/sample_bot.py) running as a
subprocess: login, command sync, slash commands, buttons, modals, autocomplete, defers, RECONNECT,
dropped connections, REST 429/500 retries, restarts and the 3 s deadline."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.e2e.conftest import SAMPLE_BOT_COMMAND
from tests.e2e.fake_discord import FakeDiscord, InteractionTimeout
from tests.e2e.harness import BotProcess, fake_env


async def test_login_ready_and_one_command_sync(fake_discord: FakeDiscord, sample_bot: BotProcess) -> None:
    paths = [(r.method, r.path) for r in fake_discord.store.requests]
    assert paths[:3] == [("GET", "/gateway/bot"), ("GET", "/users/@me"), ("GET", "/oauth2/applications/@me")]
    syncs = fake_discord.store.command_syncs
    assert len(syncs) == 1 and syncs[0].guild_id == fake_discord.guild.id
    names = {c["name"] for c in syncs[0].commands}
    assert {"ping", "ask", "later", "post", "slow", "deck", "admin", "whois"} <= names
    admin = fake_discord.store.guild_commands[fake_discord.guild.id]["admin"]
    assert admin["default_member_permissions"] == "32" and admin["id"] and admin["version"]
    session = fake_discord.gateway.current
    assert session is not None and session.guilds_sent_at is not None
    assert not session.intents & (1 << 15), "default intents exclude message content"
    connect = next(e for e in fake_discord.gateway.log if e["dir"] == "connect")
    # zstandard is a dependency (Anki packages), so discord.py asks for zstd-stream, and READY came
    # through the fake's zstd frames
    assert connect["query"] == {"v": "10", "encoding": "json", "compress": "zstd-stream"}
    assert fake_discord.store.unknown_routes == []


@pytest.mark.parametrize("compress", ["zlib-stream", "zstd-stream"])
def test_each_compressed_frame_decodes_alone_in_one_stream(compress: str) -> None:
    """What discord.py does with each BINARY frame: one context for the connection, every frame a whole
    message (zlib: ends in a sync flush)."""
    import zlib

    import zstandard

    from tests.e2e.fake_discord.gateway import _stream_compressor

    compressor = _stream_compressor(compress)
    assert compressor is not None
    inflate = zlib.decompressobj()
    unzstd = zstandard.ZstdDecompressor().decompressobj()
    messages = [b'{"op":10}', b'{"op":0,"t":"READY","d":{"x":"' + b"y" * 5000 + b'"}}', b'{"op":11}']
    for message in messages:
        frame = compressor(message)
        if compress == "zlib-stream":
            assert frame.endswith(b"\x00\x00\xff\xff")
            assert inflate.decompress(frame) == message
        else:
            assert unzstd.decompress(frame) == message
    assert _stream_compressor(None) is None and _stream_compressor("gzip") is None


async def test_slash_posts_a_button_that_several_members_click(
    fake_discord: FakeDiscord, sample_bot: BotProcess
) -> None:
    alice, bob = fake_discord.users["alice"], fake_discord.users["bob"]
    posted = await fake_discord.slash("ping", {"start": 7}, user=alice)
    assert posted.callback_type == 4 and not posted.ephemeral
    assert posted.custom_ids() == ["sample:count:7"]
    callback = fake_discord.requests("POST", r"/callback$")[-1]
    assert callback.json["data"]["allowed_mentions"] == {"parse": []}
    assert [m["id"] for m in fake_discord.channel_messages(fake_discord.channel())] == [posted.message["id"]]

    for user in (alice, bob):
        clicked = await fake_discord.click(posted, "sample:count:7", user=user)
        assert clicked.callback_type == 4 and clicked.ephemeral
        assert clicked.text() == f"clicked 7 by {user['username']}"
        assert clicked.record.payload["message"]["id"] == posted.message["id"]
    assert fake_discord.late_interactions() == [] and fake_discord.unanswered_interactions() == []


async def test_modal_autocomplete_and_deferred_followup(
    fake_discord: FakeDiscord, sample_bot: BotProcess
) -> None:
    opened = await fake_discord.slash("ask", user=fake_discord.users["carol"])
    assert opened.modal is not None and opened.modal["title"] == "Your answer"
    submitted = await fake_discord.submit_modal(opened, {"sample:answer": "x" * 4000})
    assert submitted.text() == "you wrote 4000 chars" and submitted.ephemeral

    choices = await fake_discord.autocomplete("deck", {"name": "ti"}, focused="name")
    assert choices.callback_type == 8
    assert [c["value"] for c in choices.choices] == ["distillation", "quantization"]

    later = await fake_discord.slash("later", wait_final=False)
    assert later.callback_type == 5
    await fake_discord.wait_for_result(later, lambda r: not r.message["flags"] & 128)
    assert later.text() == "done later" and later.ephemeral
    assert later.record.followup_ids == [later.message["id"]], (
        "the first follow-up replaces the thinking message"
    )


async def test_guild_commands_are_not_offered_in_dms(
    fake_discord: FakeDiscord, sample_bot: BotProcess
) -> None:
    with pytest.raises(LookupError, match="never synced"):
        await fake_discord.slash("deck", {"name": "pruning"}, dm=True)


async def test_global_commands_work_in_dms(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    bot = BotProcess(SAMPLE_BOT_COMMAND, fake_env(fake_discord), tmp_path, name="global")
    await bot.start(fake_discord)
    try:
        assert fake_discord.store.command_syncs[0].guild_id is None
        result = await fake_discord.slash(
            "deck", {"name": "pruning"}, user=fake_discord.users["bob"], dm=True
        )
        assert result.text() == "deck pruning"
        payload = result.record.payload
        assert "guild_id" not in payload and payload["user"]["username"] == "bob"
        in_guild = await fake_discord.slash("deck", {"name": "pruning"})
        assert "guild_id" not in in_guild.record.payload["data"], "a global command carries no data.guild_id"
    finally:
        await bot.stop()


async def test_reconnect_resumes_and_buttons_keep_working(
    fake_discord: FakeDiscord, sample_bot: BotProcess
) -> None:
    posted = await fake_discord.slash("ping", {"start": 1})
    session = fake_discord.gateway.current
    assert session is not None
    await fake_discord.reconnect()
    await fake_discord.wait_for_resume(session, resumes=1, timeout=15)
    assert [e["path"] for e in fake_discord.gateway.log if e["dir"] == "connect"] == ["/gateway", "/resume"]
    clicked = await fake_discord.click(posted, "sample:count:1")
    assert clicked.text().startswith("clicked 1")
    assert len(fake_discord.gateway.sessions) == 1, "resumed, not re-identified"


async def test_dropped_connection_replays_missed_events(
    fake_discord: FakeDiscord, sample_bot: BotProcess
) -> None:
    session = fake_discord.gateway.current
    assert session is not None
    await fake_discord.drop_connection()
    payload = fake_discord.driver.slash_payload("deck", {"name": "quantization"})
    record = await fake_discord.driver.send_interaction(payload)  # sent while the bot is disconnected
    await fake_discord.wait_for_resume(session, resumes=1, timeout=15)
    await fake_discord.driver.wait_for(
        record, lambda: record.callback is not None or record.late, 10, "an answer"
    )
    assert record.callback is not None or record.late, "the replayed interaction reached the bot"


async def test_rest_429_and_500_are_retried_without_loss(
    fake_discord: FakeDiscord, sample_bot: BotProcess
) -> None:
    fake_discord.fail_next("POST", r"^/channels/\d+/messages$", status=429, retry_after=0.25)
    fake_discord.fail_next("POST", r"^/channels/\d+/messages$", status=500)
    result = await fake_discord.slash("post", {"text": "hello <@&1> @here"}, timeout=10)
    posts = await fake_discord.wait_for_request("POST", r"^/channels/\d+/messages$", count=3)
    assert [p.status for p in posts] == [429, 500, 200]
    channel_messages = fake_discord.channel_messages(fake_discord.channel())
    assert [m["content"] for m in channel_messages] == ["hello <@&1> @here"]
    assert result.text() == f"posted {channel_messages[0]['id']}"
    assert posts[-1].json["allowed_mentions"] == {"parse": []}


async def test_late_first_response_is_rejected_with_10062(
    fake_discord: FakeDiscord, sample_bot: BotProcess
) -> None:
    with pytest.raises(InteractionTimeout, match="10062"):
        await fake_discord.slash("slow", timeout=8)
    (record,) = fake_discord.late_interactions()
    assert record.callback is None and record.late_attempts[0] > 3.0
    for _ in range(50):
        if "LATE 10062" in sample_bot.stdout():
            break
        await asyncio.sleep(0.1)
    assert "LATE 10062" in sample_bot.stdout()


async def test_old_buttons_work_after_a_killed_bot_restarts(
    fake_discord: FakeDiscord, sample_bot: BotProcess
) -> None:
    posted = await fake_discord.slash("ping", {"start": 42})
    assert await sample_bot.stop(kill=True) == -9
    await sample_bot.start(fake_discord)
    assert len(fake_discord.gateway.sessions) == 2
    clicked = await fake_discord.click(posted, "sample:count:42", user=fake_discord.users["carol"])
    assert clicked.text() == "clicked 42 by carol"
    assert len(fake_discord.store.command_syncs) == 2, "the sample bot syncs on every start (Recall must not)"


async def test_rejected_token_exits_cleanly(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    bot = BotProcess(SAMPLE_BOT_COMMAND, fake_env(fake_discord, token="wrong"), tmp_path, name="bad")
    await bot.launch()
    assert await bot.wait_exit(timeout=20) == 2
    assert "token was rejected" in bot.stderr()
    assert fake_discord.requests("GET", "^/users/@me$")[0].status == 401
    assert fake_discord.gateway.sessions == {}


async def test_update_and_deferred_update_edit_the_clicked_message(
    fake_discord: FakeDiscord, sample_bot: BotProcess
) -> None:
    for mode, callback_type in (("now", 7), ("later", 6)):
        posted = await fake_discord.slash("bump", {"mode": mode})
        first = await fake_discord.click(posted, f"sample:bump:0:{mode}")
        assert first.callback_type == callback_type
        assert first.message["id"] == posted.message["id"] and first.message["content"] == "count 1"
        second = await fake_discord.click(posted, f"sample:bump:1:{mode}")
        assert (
            second.record.payload["message"]["components"][0]["components"][0]["custom_id"]
            == f"sample:bump:1:{mode}"
        )
        assert posted.message["content"] == "count 2" and posted.custom_ids() == [f"sample:bump:2:{mode}"]
    assert fake_discord.requests("PATCH", r"/messages/@original$"), "the deferred update edited @original"


async def test_delete_original_dm_and_member_lookup(
    fake_discord: FakeDiscord, sample_bot: BotProcess
) -> None:
    temp = await fake_discord.slash("temp")
    await fake_discord.wait_for_request("DELETE", r"/messages/@original$")
    assert temp.message is None and fake_discord.channel_messages(fake_discord.channel()) == []

    bob = fake_discord.users["bob"]
    dm = await fake_discord.slash("dm", user=bob)
    dm_channel = fake_discord.store.dm_channel_for(bob)
    assert dm.text() == f"dm {dm_channel.id}"
    assert [m["content"] for m in fake_discord.channel_messages(dm_channel)] == ["a private hello"]

    dana = fake_discord.users["dana"]
    looked_up = await fake_discord.slash("whois", {"member": dana}, user=bob)
    assert looked_up.text() == "dana manages=True"
    assert fake_discord.requests("GET", rf"^/guilds/\d+/members/{dana['id']}$")


async def test_admin_commands_are_only_offered_to_admins(
    fake_discord: FakeDiscord, sample_bot: BotProcess
) -> None:
    assert (await fake_discord.slash("admin", user=fake_discord.users["dana"])).text() == "admin ok"
    with pytest.raises(PermissionError, match="lacks permissions"):
        await fake_discord.slash("admin", user=fake_discord.users["alice"])


async def test_poll_votes_end_and_voters(fake_discord: FakeDiscord, sample_bot: BotProcess) -> None:
    created = await fake_discord.slash("poll")
    message_id = created.text().split()[1]
    poll_message = fake_discord.store.messages[message_id]
    assert poll_message["poll"]["question"]["text"] == "Which is distillation?"
    alice, bob, carol = (fake_discord.users[n] for n in ("alice", "bob", "carol"))
    await fake_discord.vote(poll_message, 1, alice)
    await fake_discord.vote(poll_message, 1, bob)
    await fake_discord.vote(poll_message, 2, carol)
    await fake_discord.vote(poll_message, 2, carol, remove=True)
    ended = await fake_discord.slash("endpoll", {"message_id": message_id}, timeout=10)
    assert ended.text() == "ended 1:2:alice,bob 2:0: hours=2"
    assert poll_message["poll"]["results"]["is_finalized"] is True
    for _ in range(30):
        if sample_bot.stdout().count("VOTE ") == 3:
            break
        await asyncio.sleep(0.1)
    assert f"VOTE {alice['id']} 1" in sample_bot.stdout() and f"VOTE {carol['id']} 2" in sample_bot.stdout()


async def test_invalidated_session_identifies_again(fake_discord: FakeDiscord, sample_bot: BotProcess) -> None:
    posted = await fake_discord.slash("ping", {"start": 5})
    await fake_discord.invalidate_session(resumable=False)
    await fake_discord.wait_until_ready(sessions_before=1, timeout=20)
    assert len(fake_discord.gateway.sessions) == 2
    clicked = await fake_discord.click(posted, "sample:count:5")
    assert clicked.text().startswith("clicked 5")
