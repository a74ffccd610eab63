"""Channel, message, poll, DM, guild and member routes."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .messaging import create_message, delete_message, edit_message
from .payloads import channel_payload, guild_create_payload, member_payload, poll_results, role_payload
from .rest_core import FILES, STORE, api_error, body_of, json_response, no_content, not_found, refuse_invalid
from .store import MANAGE_ROLES, Store
from .validation import message_problems


def _store(request: web.Request) -> Store:
    return request.app[STORE]


def _channel(request: web.Request) -> Any:
    return _store(request).channel(request.match_info["channel_id"])


def _channel_message(request: web.Request) -> dict[str, Any] | None:
    message = _store(request).messages.get(request.match_info["message_id"])
    if message is None or message["channel_id"] != request.match_info["channel_id"]:
        return None
    return message


async def get_channel(request: web.Request) -> web.Response:
    channel = _channel(request)
    if channel is None:
        return not_found("Channel", 10003)
    return json_response(channel_payload(channel))


async def post_message(request: web.Request) -> web.Response:
    channel = _channel(request)
    if channel is None:
        return not_found("Channel", 10003)
    body = body_of(request)
    has_body = any(body.get(k) for k in ("content", "embeds", "components", "poll", "sticker_ids"))
    if not has_body and not request.get(FILES):
        return api_error(400, 50006, "Cannot send an empty message")
    refused = refuse_invalid(request, message_problems(body))
    if refused is not None:
        return refused
    message = await create_message(request, channel, body)
    return json_response(message)


async def get_messages(request: web.Request) -> web.Response:
    """History, newest first, with `limit` (1-100) and `before` / `after` / `around`."""
    store = _store(request)
    channel = _channel(request)
    if channel is None:
        return not_found("Channel", 10003)
    limit = max(1, min(100, int(request.query.get("limit", "50"))))
    ids = store.channel_history.get(channel.id, [])
    before, after = request.query.get("before"), request.query.get("after")
    if before:
        ids = [i for i in ids if int(i) < int(before)]
    if after:
        ids = [i for i in ids if int(i) > int(after)]
        selected = ids[:limit]  # Discord returns the oldest `limit` after the id, newest first
    else:
        selected = ids[-limit:]
    return json_response([store.messages[i] for i in reversed(selected)])


async def channel_message(request: web.Request) -> web.Response:
    message = _channel_message(request)
    if message is None:
        return not_found("Message", 10008)
    if request.method == "GET":
        return json_response(message)
    if request.method == "DELETE":
        await delete_message(request, message)
        return no_content()
    if message["author"]["id"] != _store(request).application_id:
        return api_error(403, 50005, "Cannot edit a message authored by another user")
    if "poll" in body_of(request):
        return api_error(400, 50035, "Invalid Form Body: polls cannot be edited")
    refused = refuse_invalid(request, message_problems(body_of(request)))
    if refused is not None:
        return refused
    return json_response(await edit_message(request, message, body_of(request)))


async def expire_poll(request: web.Request) -> web.Response:
    store = _store(request)
    message = _channel_message(request)
    if message is None or "poll" not in message:
        return not_found("Message", 10008)
    if message["poll"]["results"]["is_finalized"]:
        return api_error(400, 520001, "This poll has already expired")
    message["poll"]["results"] = poll_results(store, message, finalized=True)
    await edit_message(request, message, {})
    return json_response(message)


async def poll_answer_voters(request: web.Request) -> web.Response:
    """Voters of one answer, by ascending id, `after` exclusive, at most `limit` (default 25, max 100)."""
    store = _store(request)
    message = _channel_message(request)
    if message is None or "poll" not in message:
        return not_found("Message", 10008)
    answer_id = int(request.match_info["answer_id"])
    limit = max(1, min(100, int(request.query.get("limit", "25"))))
    after = int(request.query.get("after", "0"))
    voters = sorted(store.poll_votes.get((message["id"], answer_id), []), key=int)
    page = [v for v in voters if int(v) > after][:limit]
    users = [
        store.find_user(v) or {"id": v, "username": "gone", "discriminator": "0", "avatar": None}
        for v in page
    ]
    return json_response({"users": users})


async def open_dm(request: web.Request) -> web.Response:
    store = _store(request)
    user = store.find_user(str(body_of(request).get("recipient_id")))
    if user is None:
        return not_found("User", 10013)
    return json_response(channel_payload(store.dm_channel_for(user)))


async def typing(request: web.Request) -> web.Response:
    return no_content() if _channel(request) is not None else not_found("Channel", 10003)


async def get_guild(request: web.Request) -> web.Response:
    guild = _store(request).guilds.get(request.match_info["guild_id"])
    if guild is None:
        return not_found("Guild", 10004)
    data = guild_create_payload(guild)
    for key in ("channels", "members", "threads", "presences", "voice_states"):
        data.pop(key)
    data["approximate_member_count"] = len(guild.members)
    return json_response(data)


async def get_guild_channels(request: web.Request) -> web.Response:
    guild = _store(request).guilds.get(request.match_info["guild_id"])
    if guild is None:
        return not_found("Guild", 10004)
    return json_response([channel_payload(c) for c in guild.channels.values()])


async def get_guild_roles(request: web.Request) -> web.Response:
    guild = _store(request).guilds.get(request.match_info["guild_id"])
    if guild is None:
        return not_found("Guild", 10004)
    return json_response([role_payload(r) for r in guild.roles.values()])


async def get_member(request: web.Request) -> web.Response:
    guild = _store(request).guilds.get(request.match_info["guild_id"])
    member = guild.members.get(request.match_info["user_id"]) if guild else None
    if guild is None or member is None:
        return not_found("Member", 10007)
    return json_response(member_payload(guild, member))


async def list_members(request: web.Request) -> web.Response:
    guild = _store(request).guilds.get(request.match_info["guild_id"])
    if guild is None:
        return not_found("Guild", 10004)
    limit = max(1, min(1000, int(request.query.get("limit", "1"))))
    after = int(request.query.get("after", "0"))
    members = sorted(guild.members.values(), key=lambda m: int(m.id))
    page = [member_payload(guild, m) for m in members if int(m.id) > after][:limit]
    return json_response(page)


def _may_manage_role(store: Store, guild: Any, role_id: str) -> bool:
    """Discord's rule for giving or taking a role: Manage Roles, and the role below the bot's highest role."""
    bot_id = store.application_id
    if bot_id == guild.owner_id:
        return True
    if not guild.member_permissions(bot_id) & MANAGE_ROLES:
        return False
    bot_member = guild.members.get(bot_id)
    highest = max((guild.roles[r].position for r in bot_member.role_ids), default=0) if bot_member else 0
    return bool(guild.roles[role_id].position < highest)


async def member_role(request: web.Request) -> web.Response:
    guild = _store(request).guilds.get(request.match_info["guild_id"])
    member = guild.members.get(request.match_info["user_id"]) if guild else None
    role_id = request.match_info["role_id"]
    if guild is None or member is None or role_id not in guild.roles:
        return not_found("Role", 10011)
    if not _may_manage_role(_store(request), guild, role_id):
        return api_error(403, 50013, "Missing Permissions")
    if request.method == "PUT" and role_id not in member.role_ids:
        member.role_ids.append(role_id)
    elif request.method == "DELETE" and role_id in member.role_ids:
        member.role_ids.remove(role_id)
    return no_content()


async def get_user(request: web.Request) -> web.Response:
    user = _store(request).find_user(request.match_info["user_id"])
    return json_response(user) if user else not_found("User", 10013)


async def get_upload(request: web.Request) -> web.Response:
    """The CDN copy of a file a member attached to a slash command."""
    data = _store(request).uploads.get(request.match_info["attachment_id"])
    if data is None:
        return not_found("Attachment", 10000)
    return web.Response(body=data, content_type="application/octet-stream")


def add_routes(app: web.Application) -> None:
    p = "/api/v10"
    app.router.add_get("/cdn/attachments/{attachment_id}/{filename}", get_upload)
    app.router.add_get(f"{p}/channels/{{channel_id}}", get_channel)
    app.router.add_post(f"{p}/channels/{{channel_id}}/messages", post_message)
    app.router.add_get(f"{p}/channels/{{channel_id}}/messages", get_messages)
    for method in ("GET", "PATCH", "DELETE"):
        app.router.add_route(method, f"{p}/channels/{{channel_id}}/messages/{{message_id}}", channel_message)
    app.router.add_post(f"{p}/channels/{{channel_id}}/polls/{{message_id}}/expire", expire_poll)
    app.router.add_get(
        f"{p}/channels/{{channel_id}}/polls/{{message_id}}/answers/{{answer_id}}", poll_answer_voters
    )
    app.router.add_post(f"{p}/channels/{{channel_id}}/typing", typing)
    app.router.add_post(f"{p}/users/@me/channels", open_dm)
    app.router.add_get(f"{p}/users/{{user_id}}", get_user)
    app.router.add_get(f"{p}/guilds/{{guild_id}}", get_guild)
    app.router.add_get(f"{p}/guilds/{{guild_id}}/channels", get_guild_channels)
    app.router.add_get(f"{p}/guilds/{{guild_id}}/roles", get_guild_roles)
    app.router.add_get(f"{p}/guilds/{{guild_id}}/members", list_members)
    app.router.add_get(f"{p}/guilds/{{guild_id}}/members/{{user_id}}", get_member)
    for method in ("PUT", "DELETE"):
        app.router.add_route(
            method, f"{p}/guilds/{{guild_id}}/members/{{user_id}}/roles/{{role_id}}", member_role
        )
