"""Login and registration routes: the bot user, its application, the gateway URL, and
application commands (bulk overwrite recorded as a sync)."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from .ids import clone
from .rest_core import BODY, GATEWAY, STORE, api_error, body_of, json_response
from .store import CommandSync, Store


def _store(request: web.Request) -> Store:
    return request.app[STORE]


async def get_me(request: web.Request) -> web.Response:
    return json_response(_store(request).bot_user)


async def get_application(request: web.Request) -> web.Response:
    store = _store(request)
    return json_response(
        {
            "id": store.application_id,
            "name": store.bot_user["username"],
            "description": "Fake application",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": store.owner_user,
            "verify_key": "0" * 64,
            "flags": 0,
            "summary": "",
            "team": None,
        }
    )


async def get_gateway(request: web.Request) -> web.Response:
    return json_response({"url": request.app[GATEWAY].base_url})


async def get_gateway_bot(request: web.Request) -> web.Response:
    return json_response(
        {
            "url": request.app[GATEWAY].base_url,
            "shards": request.app[GATEWAY].recommended_shards,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
        }
    )


def _permission_string(value: Any) -> str | None:
    """Discord answers permission bit sets as strings whatever the request used."""
    return None if value is None else str(value)


def _echo_command(store: Store, guild_id: str | None, command: dict[str, Any]) -> dict[str, Any]:
    """Discord keeps a command's id across overwrites of the same name and type."""
    key = (guild_id, command["name"], int(command.get("type", 1)))
    command_id = store.command_ids.setdefault(key, store.ids.next())
    echoed = clone(command)
    echoed.update(
        id=command_id,
        application_id=store.application_id,
        version=store.ids.next(),
        type=int(command.get("type", 1)),
        description=command.get("description", ""),
        default_member_permissions=_permission_string(command.get("default_member_permissions")),
        nsfw=bool(command.get("nsfw", False)),
    )
    if guild_id is not None:
        echoed["guild_id"] = guild_id
    return echoed


def _check_app(request: web.Request) -> web.Response | None:
    if request.match_info["app_id"] != _store(request).application_id:
        return api_error(403, 50001, "Missing Access")
    return None


async def put_commands(request: web.Request) -> web.Response:
    store = _store(request)
    error = _check_app(request)
    if error is not None:
        return error
    guild_id = request.match_info.get("guild_id")
    if guild_id is not None and guild_id not in store.guilds:
        return api_error(403, 50001, "Missing Access")
    body = request.get(BODY)
    if not isinstance(body, list):
        return api_error(400, 50035, "Invalid Form Body")
    echoed = [_echo_command(store, guild_id, c) for c in body]
    table = {c["name"]: c for c in echoed}
    if guild_id is None:
        store.global_commands = table
    else:
        store.guild_commands[guild_id] = table
    store.command_syncs.append(CommandSync(guild_id, clone(body), time.perf_counter()))
    return json_response(echoed)


async def get_commands(request: web.Request) -> web.Response:
    store = _store(request)
    error = _check_app(request)
    if error is not None:
        return error
    guild_id = request.match_info.get("guild_id")
    table = store.global_commands if guild_id is None else store.guild_commands.get(guild_id, {})
    return json_response(list(table.values()))


async def post_command(request: web.Request) -> web.Response:
    """Single upsert; counted as a sync of one command."""
    store = _store(request)
    error = _check_app(request)
    if error is not None:
        return error
    guild_id = request.match_info.get("guild_id")
    command = body_of(request)
    echoed = _echo_command(store, guild_id, command)
    table = store.global_commands if guild_id is None else store.guild_commands.setdefault(guild_id, {})
    table[echoed["name"]] = echoed
    store.command_syncs.append(CommandSync(guild_id, [clone(command)], time.perf_counter()))
    return json_response(echoed, status=201)


def add_routes(app: web.Application) -> None:
    prefix = "/api/v10"
    app.router.add_get(f"{prefix}/users/@me", get_me)
    app.router.add_get(f"{prefix}/oauth2/applications/@me", get_application)
    app.router.add_get(f"{prefix}/applications/@me", get_application)
    app.router.add_get(f"{prefix}/gateway", get_gateway)
    app.router.add_get(f"{prefix}/gateway/bot", get_gateway_bot)
    app.router.add_put(f"{prefix}/applications/{{app_id}}/commands", put_commands)
    app.router.add_get(f"{prefix}/applications/{{app_id}}/commands", get_commands)
    app.router.add_post(f"{prefix}/applications/{{app_id}}/commands", post_command)
    guild_commands = f"{prefix}/applications/{{app_id}}/guilds/{{guild_id}}/commands"
    app.router.add_put(guild_commands, put_commands)
    app.router.add_get(guild_commands, get_commands)
    app.router.add_post(guild_commands, post_command)
