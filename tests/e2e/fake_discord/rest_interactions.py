"""Interaction callbacks (types 4-9, the 3 s deadline, one initial response) and the interaction
webhook: follow-ups and @original / follow-up message edits."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from .ids import clone
from .messaging import create_message, delete_message, edit_message
from .payloads import EPHEMERAL, LOADING
from .rest_core import STORE, api_error, body_of, json_response, no_content, not_found, refuse_invalid
from .store import InteractionRecord, Store
from .validation import choices_problems, message_problems, modal_problems

RESPONSE_DEADLINE_S = 3.0
TOKEN_LIFETIME_S = 15 * 60
SLASH, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
ALLOWED_CALLBACKS = {
    SLASH: {4, 5, 9},
    COMPONENT: {4, 5, 6, 7, 9},
    AUTOCOMPLETE: {8},
    MODAL_SUBMIT: {4, 5, 6, 7},
}


def _store(request: web.Request) -> Store:
    return request.app[STORE]


def _channel_of(store: Store, record: InteractionRecord) -> Any:
    return store.channel(record.payload["channel_id"])


def _interaction_metadata(record: InteractionRecord) -> dict[str, Any]:
    payload = record.payload
    user = payload["member"]["user"] if "member" in payload else payload["user"]
    metadata: dict[str, Any] = {"id": record.id, "type": record.type, "user": user, "authorizing_integration_owners": {}}
    clicked = payload.get("message")
    if record.type == COMPONENT and isinstance(clicked, dict):
        metadata["interacted_message_id"] = clicked["id"]  # as Discord names the clicked message
    return metadata


async def callback(request: web.Request) -> web.Response:
    store = _store(request)
    record = store.interactions.get(request.match_info["interaction_id"])
    if record is None or record.token != request.match_info["token"]:
        return api_error(404, 10062, "Unknown interaction")
    body = body_of(request)
    now = time.perf_counter()
    if record.callback is not None:
        record.rejected_callbacks.append({"body": body, "reason": "already acknowledged", "time": now})
        return api_error(400, 40060, "Interaction has already been acknowledged.")
    if record.sent_at is not None and now - record.sent_at > RESPONSE_DEADLINE_S:
        record.late_attempts.append(now - record.sent_at)
        record.rejected_callbacks.append({"body": body, "reason": "late", "time": now})
        record.touch()
        return api_error(404, 10062, "Unknown interaction")
    kind = int(body.get("type", 0))
    if kind not in ALLOWED_CALLBACKS.get(record.type, set()):
        record.rejected_callbacks.append({"body": body, "reason": "invalid type", "time": now})
        return api_error(
            400, 50035, f"Invalid Form Body: callback type {kind} for interaction type {record.type}"
        )
    data = body.get("data") or {}
    checks = {4: message_problems, 7: message_problems, 8: choices_problems, 9: modal_problems}
    refused = refuse_invalid(request, checks[kind](data)) if kind in checks else None
    if refused is not None:
        record.rejected_callbacks.append({"body": body, "reason": "invalid form body", "time": now})
        return refused
    resource, message = await _apply_callback(request, record, kind, data)
    record.callback = clone(body)
    record.callback_at = now
    record.callback_status = 200
    record.answered.set()
    record.touch()
    if request.query.get("with_response") not in ("1", "true", "True"):
        return no_content()
    answer: dict[str, Any] = {
        "interaction": {
            "id": record.id,
            "type": record.type,
            "response_message_id": message["id"] if message else None,
            "response_message_loading": bool(message and message["flags"] & LOADING),
            "response_message_ephemeral": bool(message and message["flags"] & EPHEMERAL),
        }
    }
    if resource is not None:
        answer["resource"] = resource
    return json_response(answer)


async def _apply_callback(
    request: web.Request, record: InteractionRecord, kind: int, data: dict[str, Any]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    store = _store(request)
    channel = _channel_of(store, record)
    if kind in (4, 5):
        flags = LOADING if kind == 5 else 0
        message_type = 20 if record.type == SLASH else 19
        message = await create_message(
            request,
            channel,
            data,
            message_type=message_type,
            interaction=_interaction_metadata(record),
            force_flags=flags,
        )
        record.original_message_id = message["id"]
        return {"type": kind, "message": message}, message
    if kind in (6, 7):
        clicked = record.payload.get("message")
        target = store.messages.get(clicked["id"]) if clicked else None
        if target is None:
            return None, None
        message = target
        if kind == 7:
            await edit_message(request, message, data)
        record.original_message_id = message["id"]
        return {"type": kind, "message": message}, message
    return None, None  # 8 autocomplete and 9 modal: the callback body is the whole answer


def _webhook_record(request: web.Request) -> tuple[InteractionRecord | None, web.Response | None]:
    store = _store(request)
    if request.match_info["app_id"] != store.application_id:
        return None, api_error(404, 10015, "Unknown Webhook")
    record = store.interaction_by_token.get(request.match_info["token"])
    if record is None or record.callback is None:
        return None, api_error(404, 10015, "Unknown Webhook")
    if record.sent_at is not None and time.perf_counter() - record.sent_at > TOKEN_LIFETIME_S:
        return None, api_error(401, 50027, "Invalid Webhook Token")
    return record, None


async def followup(request: web.Request) -> web.Response:
    record, error = _webhook_record(request)
    if error is not None or record is None:
        return error or no_content()
    store = _store(request)
    body = body_of(request)
    refused = refuse_invalid(request, message_problems(body))
    if refused is not None:
        return refused
    original = store.messages.get(record.original_message_id or "")
    if original is not None and original["flags"] & LOADING and not record.followup_ids:
        # The first follow-up after a "thinking" defer replaces the loading message.
        original["flags"] &= ~LOADING
        message = await edit_message(request, original, body)
    else:
        ephemeral = EPHEMERAL if int(body.get("flags") or 0) & EPHEMERAL else 0
        message = await create_message(
            request,
            _channel_of(store, record),
            body,
            interaction=_interaction_metadata(record),
            force_flags=ephemeral,
        )
    record.followup_ids.append(message["id"])
    record.note_webhook_write()
    if request.query.get("wait") in ("1", "true", "True"):
        return json_response(message)
    return no_content()


def _target(request: web.Request, record: InteractionRecord) -> dict[str, Any] | None:
    store = _store(request)
    message_id = request.match_info["message_id"]
    if message_id == "@original":
        message_id = record.original_message_id or ""
    elif message_id not in record.followup_ids and message_id != record.original_message_id:
        return None
    return store.messages.get(message_id)


async def webhook_message(request: web.Request) -> web.Response:
    record, error = _webhook_record(request)
    if error is not None or record is None:
        return error or no_content()
    message = _target(request, record)
    if message is None:
        return not_found("Message", 10008)
    if request.method == "GET":
        return json_response(message)
    if request.method == "DELETE":
        await delete_message(request, message)
        record.note_webhook_write()
        return no_content()
    refused = refuse_invalid(request, message_problems(body_of(request)))
    if refused is not None:
        return refused
    message["flags"] &= ~LOADING
    await edit_message(request, message, body_of(request))
    record.note_webhook_write()
    return json_response(message)


def add_routes(app: web.Application) -> None:
    prefix = "/api/v10"
    app.router.add_post(f"{prefix}/interactions/{{interaction_id}}/{{token}}/callback", callback)
    app.router.add_post(f"{prefix}/webhooks/{{app_id}}/{{token}}", followup)
    route = f"{prefix}/webhooks/{{app_id}}/{{token}}/messages/{{message_id}}"
    for method in ("GET", "PATCH", "DELETE"):
        app.router.add_route(method, route, webhook_message)
