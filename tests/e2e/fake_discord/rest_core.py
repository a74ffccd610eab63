"""REST plumbing shared by every route: exact `application/json` answers, Discord-style errors,
request recording, auth and fault injection (one middleware)."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import BodyPartReader, web

from .faults import FaultPlan, GlobalRateLimit
from .store import RecordedRequest, Store
from .validation import form_error_body

API_PREFIX = "/api/v10"
STORE: web.AppKey[Store] = web.AppKey("store", Store)
GATEWAY: web.AppKey[Any] = web.AppKey("gateway", object)
RECORD: web.RequestKey[RecordedRequest] = web.RequestKey("record", RecordedRequest)
BODY: web.RequestKey[Any] = web.RequestKey("body", object)
FILES: web.RequestKey[list[dict[str, Any]]] = web.RequestKey("files", list)
NO_AUTH_PREFIXES = ("/interactions/", "/webhooks/", "/gateway")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """discord.py parses a body as JSON only when Content-Type is exactly `application/json`."""
    all_headers = {"Content-Type": "application/json"}
    all_headers.update(headers or {})
    return web.Response(body=json.dumps(data).encode(), status=status, headers=all_headers)


def no_content() -> web.Response:
    return web.Response(status=204)


def api_error(status: int, code: int, message: str) -> web.Response:
    return json_response({"message": message, "code": code}, status=status)


def not_found(what: str, code: int) -> web.Response:
    return api_error(404, code, f"Unknown {what}")


async def parse_body(request: web.Request) -> tuple[Any, list[dict[str, Any]]]:
    """JSON body, or multipart `payload_json` + `files[n]` (files recorded with name, type, bytes)."""
    content_type = request.content_type
    if content_type == "application/json":
        raw = await request.read()
        return (json.loads(raw) if raw else None), []
    if content_type.startswith("multipart/"):
        payload: Any = None
        files: list[dict[str, Any]] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            elif part.name is not None and part.name.startswith("files["):
                data = await part.read(decode=False)
                files.append(
                    {
                        "field": part.name,
                        "filename": part.filename,
                        "content_type": part.headers.get("Content-Type", "application/octet-stream"),
                        "data": bytes(data),
                    }
                )
        return payload, files
    raw = await request.read()
    return (raw.decode(errors="replace") if raw else None), []


def fault_response(status: int, retry_after: float, is_global: bool) -> web.Response:
    if status == 429:
        headers = {
            "Retry-After": str(max(1, round(retry_after))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}",
            "X-RateLimit-Scope": "global" if is_global else "user",
            "Via": "1.1 google",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
        return json_response(body, status=429, headers=headers)
    return json_response({"message": f"{status}: Internal Server Error", "code": 0}, status=status)


def make_middleware(store: Store, faults: FaultPlan, limiter: GlobalRateLimit | None = None) -> Any:
    @web.middleware
    async def record_and_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            return await handler(request)
        path = request.path[len(API_PREFIX) :]
        body, files = await parse_body(request)
        record = RecordedRequest(request.method, path, dict(request.query), body, files, time.perf_counter())
        store.requests.append(record)
        request[RECORD] = record
        request[BODY] = body
        request[FILES] = files
        try:
            fault = faults.take(request.method, path)
            wait = limiter.retry_after(path) if limiter is not None and fault is None else None
            if fault is not None:
                record.fault = f"{fault.status}"
                response: web.StreamResponse = fault_response(
                    fault.status, fault.retry_after, fault.is_global
                )
            elif wait is not None:
                record.fault = "429 global"
                response = fault_response(429, round(wait, 3), True)
            elif (
                not path.startswith(NO_AUTH_PREFIXES)
                and request.headers.get("Authorization") != f"Bot {store.token}"
            ):
                response = api_error(401, 0, "401: Unauthorized")
            else:
                response = await handler(request)
        except web.HTTPException as exc:
            response = api_error(exc.status, 0, f"{exc.status}: {exc.reason}")
        record.status = response.status
        store.note_activity()
        return response

    return record_and_guard


async def catch_all(request: web.Request) -> web.Response:
    """Routes the fake doesn't know: recorded (tests can assert there were none) and answered 404."""
    store = request.app[STORE]
    record = request.get(RECORD)
    if record is not None:
        store.unknown_routes.append(record)
    return api_error(404, 0, "404: Not Found")


def refuse_invalid(request: web.Request, problems: list[tuple[str, str]]) -> web.Response | None:
    """400 / 50035 with Discord's nested errors when `problems` is not empty; recorded for tests."""
    if not problems:
        return None
    record = request.get(RECORD)
    if record is not None:
        request.app[STORE].invalid_bodies.append((record, problems))
    return json_response(form_error_body(problems), status=400)


def body_of(request: web.Request) -> dict[str, Any]:
    body = request.get(BODY)
    return body if isinstance(body, dict) else {}
