"""INTERACTION_CREATE payloads as discord.py 2.7's `parse_interaction_create` needs them:
slash commands (options, subcommands, resolved users), autocomplete, component clicks and modal submits."""

from __future__ import annotations

from typing import Any

from .ids import clone, new_interaction_token
from .payloads import channel_payload, member_payload
from .store import ALL_PERMISSIONS, Channel, Guild, Store

ATTACHMENT_LIMIT = 10 * 1024 * 1024
SUB_COMMAND, SUB_COMMAND_GROUP, USER, CHANNEL, ROLE, MENTIONABLE, ATTACHMENT = 1, 2, 6, 7, 8, 9, 11


def base_interaction(
    store: Store, kind: int, data: dict[str, Any], user: dict[str, Any], channel: Channel
) -> dict[str, Any]:
    guild = store.guild_of_channel(channel.id)
    payload: dict[str, Any] = {
        "id": store.ids.next(),
        "application_id": store.application_id,
        "type": kind,
        "token": new_interaction_token(),
        "version": 1,
        "attachment_size_limit": ATTACHMENT_LIMIT,
        "channel_id": channel.id,
        "data": data,
        "locale": store.locales.get(user["id"], "en-US"),
        "entitlements": [],
    }
    if guild is not None:
        member = guild.members.get(user["id"])
        if member is None:
            raise LookupError(f"{user['username']} is not a member of {guild.name}")
        bot_permissions = guild.member_permissions(store.application_id)
        payload.update(
            guild_id=guild.id,
            guild_locale=guild.preferred_locale,
            member=member_payload(guild, member, with_permissions=True),
            app_permissions=str(bot_permissions),
            context=0,
            authorizing_integration_owners={"0": guild.id},
            channel=channel_payload(channel, permissions=guild.member_permissions(user["id"])),
        )
    else:
        payload.update(
            user=user,
            app_permissions=str((1 << 53) - 1),
            context=1,
            authorizing_integration_owners={"0": user["id"]},
            channel=channel_payload(channel),
        )
    return payload


def find_command(store: Store, name: str, guild: Guild | None) -> tuple[dict[str, Any], bool]:
    """The synced command `name` (guild commands first); second item says if it is a guild command."""
    if guild is not None and name in store.guild_commands.get(guild.id, {}):
        return store.guild_commands[guild.id][name], True
    if name in store.global_commands:
        return store.global_commands[name], False
    raise LookupError(f"command /{name} was never synced (guild or global)")


def check_can_use(command: dict[str, Any], guild: Guild | None, user: dict[str, Any]) -> None:
    """Refuse what Discord would not even show the member: a command outside its contexts, or one whose
    `default_member_permissions` the member lacks (server admins can override that; the fake doesn't)."""
    name = command["name"]
    contexts = command.get("contexts")
    if guild is None:
        if command.get("dm_permission") is False or (contexts is not None and 1 not in contexts):
            raise PermissionError(f"/{name} is not available in DMs")
        return
    if contexts is not None and 0 not in contexts:
        raise PermissionError(f"/{name} is not available in servers")
    required = command.get("default_member_permissions")
    if required is None:
        return
    bits, held = int(required), guild.member_permissions(user["id"])
    allowed = held == ALL_PERMISSIONS if bits == 0 else held & bits == bits
    if not allowed:
        raise PermissionError(
            f"{user['username']} lacks permissions {bits} for /{name}: Discord would not offer it"
        )


def _resolve(
    store: Store, guild: Guild | None, option_type: int, value: Any, resolved: dict[str, Any]
) -> Any:
    """Reduce a user/channel/role/attachment value to its id and fill `resolved` like Discord does.

    An attachment is given as `{"filename": ..., "data": bytes}`; the bot downloads it from the fake's CDN."""
    if option_type == ATTACHMENT and isinstance(value, dict):
        attachment_id = store.ids.next()
        data = bytes(value["data"])
        store.uploads[attachment_id] = data
        url = f"{store.cdn_base}/attachments/{attachment_id}/{value['filename']}"
        resolved.setdefault("attachments", {})[attachment_id] = {
            "id": attachment_id, "filename": value["filename"], "size": len(data), "url": url, "proxy_url": url,
            "content_type": value.get("content_type", "application/x-yaml"),
        }
        return attachment_id
    if option_type in (USER, MENTIONABLE) and isinstance(value, dict):
        user = value
        resolved.setdefault("users", {})[user["id"]] = user
        if guild is not None and user["id"] in guild.members:
            member = member_payload(guild, guild.members[user["id"]], with_user=False, with_permissions=True)
            resolved.setdefault("members", {})[user["id"]] = member
        return user["id"]
    if option_type == CHANNEL:
        channel = store.channel(str(value))
        if channel is not None:
            resolved.setdefault("channels", {})[channel.id] = channel_payload(
                channel, permissions=(1 << 53) - 1
            )
        return str(value)
    if option_type == ROLE and guild is not None:
        role = guild.roles.get(str(value))
        if role is not None:
            resolved.setdefault("roles", {})[role.id] = {
                "id": role.id,
                "name": role.name,
                "permissions": str(role.permissions),
                "position": role.position,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
            }
        return str(value)
    return value


def build_options(
    store: Store,
    guild: Guild | None,
    definitions: list[dict[str, Any]],
    values: dict[str, Any],
    resolved: dict[str, Any],
    focused: str | None,
) -> list[dict[str, Any]]:
    by_name = {d["name"]: d for d in definitions}
    options = []
    for name, value in values.items():
        if name not in by_name:
            raise LookupError(f"option {name!r} is not defined; known: {sorted(by_name)}")
        option_type = int(by_name[name]["type"])
        option: dict[str, Any] = {"name": name, "type": option_type}
        option["value"] = _resolve(store, guild, option_type, value, resolved)
        if name == focused:
            option["focused"] = True
        options.append(option)
    return options


def command_data(
    store: Store,
    name: str,
    options: dict[str, Any],
    guild: Guild | None,
    focused: str | None = None,
    user: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`name` may be "cmd", "cmd sub" or "cmd group sub"; options belong to the innermost level."""
    parts = name.split()
    command, is_guild_command = find_command(store, parts[0], guild)
    if user is not None:
        check_can_use(command, guild, user)
    resolved: dict[str, Any] = {}
    levels: list[dict[str, Any]] = []
    definitions = command.get("options") or []
    for part in parts[1:]:
        match = next(
            (d for d in definitions if d["name"] == part and d["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)),
            None,
        )
        if match is None:
            raise LookupError(f"/{parts[0]} has no subcommand {part!r}")
        levels.append({"name": part, "type": match["type"], "options": []})
        definitions = match.get("options") or []
    leaf = build_options(store, guild, definitions, options, resolved, focused)
    nested = leaf
    for level in reversed(levels):
        level["options"] = nested
        nested = [level]
    data: dict[str, Any] = {"id": command["id"], "name": parts[0], "type": 1, "options": nested}
    if is_guild_command and guild is not None:
        data["guild_id"] = guild.id
    if resolved:
        data["resolved"] = resolved
    return data


def walk_components(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every component of a message or modal, nested rows, sections, containers and labels included."""
    found = []
    for component in components or []:
        found.append(component)
        found.extend(walk_components(component.get("components") or []))
        for key in ("accessory", "component"):
            if isinstance(component.get(key), dict):
                found.extend(walk_components([component[key]]))
    return found


def click_data(message: dict[str, Any], custom_id: str, values: list[str] | None) -> dict[str, Any]:
    for component in walk_components(message.get("components") or []):
        if component.get("custom_id") == custom_id:
            if component.get("disabled"):
                raise LookupError(f"component {custom_id!r} is disabled on message {message['id']}")
            data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
            if values is not None or component["type"] != 2:
                data["values"] = list(values or [])
            return data
    ids = [c.get("custom_id") for c in walk_components(message.get("components") or []) if c.get("custom_id")]
    raise LookupError(f"message {message['id']} has no component {custom_id!r}; it has {ids}")


def _submitted(component: dict[str, Any], values: dict[str, Any]) -> dict[str, Any] | None:
    custom_id = component.get("custom_id")
    if custom_id is None:
        return None
    if component["type"] == 4:
        return {
            "type": 4,
            "custom_id": custom_id,
            "value": str(values.get(custom_id, component.get("value") or "")),
        }
    chosen = values.get(custom_id, [])
    return {"type": component["type"], "custom_id": custom_id, "values": list(chosen)}


def modal_submit_data(modal: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Mirror the modal the bot opened: action rows stay rows, labels stay labels."""
    components = walk_components(modal.get("components") or [])
    known = {str(c["custom_id"]) for c in components if c.get("custom_id")}
    unknown = set(values) - known
    if unknown:
        raise LookupError(
            f"modal {modal.get('custom_id')!r} has no inputs {sorted(unknown)}; it has {sorted(known)}"
        )
    rows = []
    for top in modal.get("components") or []:
        if top["type"] == 1:
            inner = [s for s in (_submitted(c, values) for c in top.get("components", [])) if s]
            rows.append({"type": 1, "components": inner})
        elif top["type"] == 18:
            inner_one = _submitted(top["component"], values)
            if inner_one is not None:
                rows.append({"type": 18, "component": inner_one})
        else:
            submitted = _submitted(top, values)
            if submitted is not None:
                rows.append(submitted)
    return {"custom_id": modal["custom_id"], "components": rows}


def snapshot(message: dict[str, Any]) -> dict[str, Any]:
    return clone(message)
