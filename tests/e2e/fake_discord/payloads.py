"""JSON shapes discord.py 2.7 parses: guilds, channels, members, messages and polls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from .ids import clone, snowflake_time_ms
from .store import CHANNEL_DM, Channel, Guild, Member, Store

EPHEMERAL = 1 << 6
LOADING = 1 << 7


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


def snowflake_iso(snowflake: str) -> str:
    return datetime.fromtimestamp(snowflake_time_ms(snowflake) / 1000, UTC).isoformat()


def role_payload(role: Any) -> dict[str, Any]:
    return {
        "id": role.id,
        "name": role.name,
        "permissions": str(role.permissions),
        "position": role.position,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def channel_payload(channel: Channel, *, permissions: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": channel.id,
        "type": channel.type,
        "name": channel.name,
        "position": channel.position,
    }
    if channel.guild_id is not None:
        data["guild_id"] = channel.guild_id
        data["permission_overwrites"] = []
        data["nsfw"] = False
    if channel.type == CHANNEL_DM:
        data["recipients"] = list(channel.recipients)
        data["last_message_id"] = None
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def member_payload(
    guild: Guild, member: Member, *, with_user: bool = True, with_permissions: bool = False
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "roles": list(member.role_ids),
        "joined_at": member.joined_at,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "nick": None,
        "avatar": None,
        "pending": False,
    }
    if with_user:
        data["user"] = member.user
    if with_permissions:
        data["permissions"] = str(guild.member_permissions(member.id))
    return data


def guild_create_payload(guild: Guild) -> dict[str, Any]:
    members = [member_payload(guild, m) for m in guild.members.values()]
    return {
        "id": guild.id,
        "name": guild.name,
        "icon": None,
        "owner_id": guild.owner_id,
        "unavailable": False,
        "large": False,
        "member_count": len(members),
        "roles": [role_payload(r) for r in guild.roles.values()],
        "channels": [channel_payload(c) for c in guild.channels.values()],
        "members": members,
        "threads": [],
        "presences": [],
        "voice_states": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "system_channel_id": guild.system_channel_id,
        "preferred_locale": guild.preferred_locale,
        "joined_at": "2025-01-01T00:00:00+00:00",
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "premium_tier": 0,
        "nsfw_level": 0,
    }


def build_poll(request_poll: dict[str, Any], message_id: str) -> dict[str, Any]:
    """Turn a poll create request into the poll object Discord returns (answer ids from 1)."""
    hours = int(request_poll.get("duration", 24))
    created_ms = snowflake_time_ms(message_id)
    expiry = datetime.fromtimestamp(created_ms / 1000, UTC) + timedelta(hours=hours)
    answers = [
        {"answer_id": index, "poll_media": clone(answer.get("poll_media", {}))}
        for index, answer in enumerate(request_poll.get("answers", []), start=1)
    ]
    return {
        "question": clone(request_poll.get("question", {})),
        "answers": answers,
        "expiry": expiry.isoformat(),
        "allow_multiselect": bool(request_poll.get("allow_multiselect", False)),
        "layout_type": request_poll.get("layout_type", 1),
        "results": {"is_finalized": False, "answer_counts": []},
    }


def poll_results(store: Store, message: dict[str, Any], *, finalized: bool) -> dict[str, Any]:
    counts = []
    for answer in message["poll"]["answers"]:
        voters = store.poll_votes.get((message["id"], answer["answer_id"]), [])
        counts.append({"id": answer["answer_id"], "count": len(voters), "me_voted": False})
    return {"is_finalized": finalized, "answer_counts": counts}


def build_message(
    store: Store,
    channel: Channel,
    body: dict[str, Any],
    *,
    author: dict[str, Any] | None = None,
    message_type: int = 0,
    attachments: list[dict[str, Any]] | None = None,
    interaction: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A message as Discord would return it after the bot created it with `body`."""
    message_id = store.ids.next()
    message: dict[str, Any] = {
        "id": message_id,
        "channel_id": channel.id,
        "type": message_type,
        "author": author or store.bot_user,
        "timestamp": snowflake_iso(message_id),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "pinned": False,
        "content": "",
        "embeds": [],
        "components": [],
        "attachments": [],
        "flags": 0,
    }
    if channel.guild_id is not None:
        message["guild_id"] = channel.guild_id
    apply_edit(message, body)
    if attachments:
        message["attachments"] = attachments
    if body.get("poll"):
        message["poll"] = build_poll(body["poll"], message_id)
    reference = body.get("message_reference")
    if isinstance(reference, dict) and reference.get("message_id"):
        message["type"] = 19  # a reply
        message["message_reference"] = {
            "type": 0, "message_id": str(reference["message_id"]), "channel_id": channel.id,
            **({"guild_id": channel.guild_id} if channel.guild_id else {}),
        }
    if interaction is not None:
        message["interaction_metadata"] = interaction
    return message


def apply_edit(message: dict[str, Any], body: dict[str, Any]) -> None:
    """Apply the editable fields of a create/edit body to a stored message."""
    for key in ("content", "components", "tts"):
        if key in body and body[key] is not None:
            message[key] = clone(body[key])
    if "embeds" in body and body["embeds"] is not None:
        message["embeds"] = [{"type": "rich", **clone(e)} for e in body["embeds"]]
    if "flags" in body and body["flags"] is not None:
        keep = message.get("flags", 0) & EPHEMERAL
        message["flags"] = int(body["flags"]) | keep
    if "attachments" in body and body["attachments"] is not None and message.get("attachments"):
        keep_ids = {str(a.get("id")) for a in body["attachments"]}
        message["attachments"] = [a for a in message["attachments"] if str(a["id"]) in keep_ids]


def strip_content(message: dict[str, Any]) -> dict[str, Any]:
    """What a bot without the message content intent sees of someone else's guild message."""
    data = dict(message)
    data.update(content="", embeds=[], attachments=[], components=[])
    data.pop("poll", None)
    return data
