"""Creating, editing and deleting messages the way Discord does: store them, record which request
made them, turn uploaded files into attachments, and echo gateway events for visible ones."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .gateway import Gateway
from .payloads import EPHEMERAL, apply_edit, build_message, iso_now
from .rest_core import FILES, GATEWAY, RECORD, STORE
from .store import Channel, Store


def attachments_from(
    store: Store, files: list[dict[str, Any]], body: dict[str, Any], base: str
) -> list[dict[str, Any]]:
    declared = {str(a.get("id")): a for a in body.get("attachments") or []}
    result = []
    for index, upload in enumerate(files):
        meta = declared.get(str(index), {})
        attachment_id = store.ids.next()
        filename = meta.get("filename") or upload["filename"] or f"file{index}"
        url = f"{base}/attachments/{attachment_id}/{filename}"
        result.append(
            {
                "id": attachment_id,
                "filename": filename,
                "size": len(upload["data"]),
                "url": url,
                "proxy_url": url,
                "content_type": upload["content_type"],
                "description": meta.get("description"),
            }
        )
    return result


async def create_message(
    request: web.Request,
    channel: Channel,
    body: dict[str, Any],
    *,
    message_type: int = 0,
    interaction: dict[str, Any] | None = None,
    force_flags: int = 0,
) -> dict[str, Any]:
    store: Store = request.app[STORE]
    gateway: Gateway = request.app[GATEWAY]
    files = request.get(FILES) or []
    attachments = attachments_from(store, files, body, f"http://{request.host}/cdn") if files else None
    message = build_message(
        store, channel, body, message_type=message_type, attachments=attachments, interaction=interaction
    )
    message["flags"] |= force_flags
    ephemeral = bool(message["flags"] & EPHEMERAL)
    store.save_message(message, in_history=not ephemeral)
    if request.get(RECORD) is not None:
        store.message_requests[message["id"]] = request[RECORD]
    if not ephemeral:
        await gateway.dispatch("MESSAGE_CREATE", message)
    return message


async def edit_message(request: web.Request, message: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    store: Store = request.app[STORE]
    files = request.get(FILES) or []
    apply_edit(message, body)
    if files:
        message["attachments"] = message.get("attachments", []) + attachments_from(
            store, files, body, f"http://{request.host}/cdn"
        )
    message["edited_timestamp"] = iso_now()
    if not message["flags"] & EPHEMERAL:
        await request.app[GATEWAY].dispatch("MESSAGE_UPDATE", message)
    return message


async def delete_message(request: web.Request, message: dict[str, Any]) -> None:
    store: Store = request.app[STORE]
    store.delete_message(message["id"])
    if not message["flags"] & EPHEMERAL:
        event = {"id": message["id"], "channel_id": message["channel_id"]}
        if message.get("guild_id"):
            event["guild_id"] = message["guild_id"]
        await request.app[GATEWAY].dispatch("MESSAGE_DELETE", event)
