"""Interaction payloads the fake builds: subcommands, resolved users with permissions, DMs, clicks on
the stored message and modal submits that mirror the modal (rows and labels)."""

from __future__ import annotations

import pytest

from tests.e2e.fake_discord import MANAGE_GUILD, FakeDiscord
from tests.e2e.fake_discord.interaction_payloads import click_data, command_data, modal_submit_data
from tests.e2e.fake_discord.payloads import build_message

SCHEDULE = {
    "name": "schedule",
    "id": "77",
    "options": [
        {
            "name": "add",
            "type": 1,
            "options": [{"name": "channel", "type": 7}, {"name": "time", "type": 3}],
        },
        {
            "name": "member",
            "type": 2,
            "options": [{"name": "exempt", "type": 1, "options": [{"name": "who", "type": 6}]}],
        },
    ],
}


def test_subcommands_nest_options_and_resolve_users_and_channels() -> None:
    fake = FakeDiscord()
    fake.store.guild_commands[fake.guild.id] = {"schedule": SCHEDULE}
    channel = fake.channel()
    added = command_data(fake.store, "schedule add", {"channel": channel.id, "time": "09:00"}, fake.guild)
    assert added["guild_id"] == fake.guild.id and added["id"] == "77"
    (sub,) = added["options"]
    assert sub["name"] == "add" and sub["type"] == 1
    assert sub["options"] == [
        {"name": "channel", "type": 7, "value": channel.id},
        {"name": "time", "type": 3, "value": "09:00"},
    ]
    assert added["resolved"]["channels"][channel.id]["permissions"]

    bob = fake.users["bob"]
    exempt = command_data(fake.store, "schedule member exempt", {"who": bob}, fake.guild)
    group = exempt["options"][0]
    assert group["type"] == 2 and group["options"][0]["options"] == [
        {"name": "who", "type": 6, "value": bob["id"]}
    ]
    assert exempt["resolved"]["users"][bob["id"]] == bob
    member = exempt["resolved"]["members"][bob["id"]]
    assert "user" not in member and int(member["permissions"]) & MANAGE_GUILD == 0

    with pytest.raises(LookupError, match="no subcommand"):
        command_data(fake.store, "schedule remove", {}, fake.guild)
    with pytest.raises(LookupError, match="not defined"):
        command_data(fake.store, "schedule add", {"when": "x"}, fake.guild)


def test_member_permissions_follow_roles_and_admin_gets_manage_server() -> None:
    fake = FakeDiscord()
    fake.store.global_commands["help"] = {"name": "help", "id": "5", "options": []}  # as if synced
    payload = fake.driver.slash_payload
    as_dana = payload("help", user=fake.users["dana"])
    as_carol = payload("help", user=fake.users["carol"])
    assert int(as_dana["member"]["permissions"]) & MANAGE_GUILD
    assert not int(as_carol["member"]["permissions"]) & MANAGE_GUILD
    assert "guild_id" not in as_carol["data"], "global command"
    in_dm = payload("help", user=fake.users["carol"], dm=True)
    assert in_dm["context"] == 1 and in_dm["channel"]["type"] == 1 and "member" not in in_dm
    assert in_dm["user"]["id"] == fake.users["carol"]["id"]
    for key in (
        "id",
        "application_id",
        "type",
        "token",
        "version",
        "attachment_size_limit",
        "channel",
        "channel_id",
    ):
        assert key in as_carol and key in in_dm


def test_clicks_carry_the_stored_message_and_refuse_missing_or_disabled_buttons() -> None:
    fake = FakeDiscord()
    buttons = [
        {"type": 2, "style": 1, "label": "A", "custom_id": "recall:quiz:answer:1"},
        {"type": 2, "style": 1, "label": "B", "custom_id": "recall:quiz:answer:2", "disabled": True},
    ]
    message = build_message(
        fake.store, fake.channel(), {"content": "Q", "components": [{"type": 1, "components": buttons}]}
    )
    fake.store.save_message(message)
    payload = fake.driver.click_payload(message["id"], "recall:quiz:answer:1", user=fake.users["alice"])
    assert payload["type"] == 3 and payload["message"] == message
    assert payload["data"] == {"custom_id": "recall:quiz:answer:1", "component_type": 2}
    with pytest.raises(LookupError, match="disabled"):
        click_data(message, "recall:quiz:answer:2", None)
    with pytest.raises(LookupError, match="no component"):
        click_data(message, "nope", None)


def test_modal_submit_mirrors_rows_and_labels() -> None:
    modal = {
        "custom_id": "recall:explain:modal:9",
        "title": "Explain",
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "answer", "style": 2, "label": "Answer"}]},
            {"type": 18, "label": "Confidence", "component": {"type": 3, "custom_id": "conf", "options": []}},
            {"type": 10, "content": "Take your time"},
        ],
    }
    data = modal_submit_data(modal, {"answer": "teacher and student", "conf": ["high"]})
    assert data == {
        "custom_id": "recall:explain:modal:9",
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "answer", "value": "teacher and student"}]},
            {"type": 18, "component": {"type": 3, "custom_id": "conf", "values": ["high"]}},
        ],
    }
    with pytest.raises(LookupError, match="no inputs"):
        modal_submit_data(modal, {"typo": "x"})
