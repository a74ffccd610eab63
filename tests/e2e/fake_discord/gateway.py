"""The gateway websocket: HELLO, heartbeats, IDENTIFY/READY/GUILD_CREATE, RESUME with replay,
server-side RECONNECT and drops, and intent-filtered dispatch (zlib-stream or zstd-stream when asked:
discord.py asks for zstd-stream when the `zstandard` package is importable, as it is in Recall's set-up)."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .payloads import guild_create_payload, member_payload, strip_content
from .store import Store

log = logging.getLogger("fake_discord.gateway")

INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
INTENT_GUILD_POLLS = 1 << 24
INTENT_DM_POLLS = 1 << 25

GUILD_EVENTS = ("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE", "CHANNEL_CREATE", "GUILD_ROLE_CREATE")
MEMBER_EVENTS = ("GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE")
MESSAGE_EVENTS = ("MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE")
POLL_EVENTS = ("MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE")


def required_intent(event: str, data: dict[str, Any]) -> int:
    """The intent bit a bot must have asked for to receive `event` (0: always delivered)."""
    in_guild = bool(data.get("guild_id"))
    if event in GUILD_EVENTS:
        return INTENT_GUILDS
    if event in MEMBER_EVENTS:
        return INTENT_GUILD_MEMBERS
    if event in MESSAGE_EVENTS:
        return INTENT_GUILD_MESSAGES if in_guild else INTENT_DIRECT_MESSAGES
    if event in POLL_EVENTS:
        return INTENT_GUILD_POLLS if in_guild else INTENT_DM_POLLS
    return 0


def _stream_compressor(compress: str | None) -> Callable[[bytes], bytes] | None:
    """One compression context per connection, as Discord keeps: zlib-stream messages end in a sync
    flush (00 00 ff ff); zstd-stream messages are each flushed to a whole block of one zstd stream.
    Anything else (or zstd without the package): plain TEXT frames, which discord.py also reads."""
    if compress == "zlib-stream":
        deflate = zlib.compressobj()
        return lambda data: deflate.compress(data) + deflate.flush(zlib.Z_SYNC_FLUSH)
    if compress == "zstd-stream":
        try:
            import zstandard
        except ImportError:
            return None
        stream = zstandard.ZstdCompressor().compressobj()
        return lambda data: stream.compress(data) + stream.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
    return None


class Connection:
    """One websocket; serialises writes so the shared compression context stays in frame order."""

    def __init__(self, ws: web.WebSocketResponse, compress: str | None, path: str) -> None:
        self.ws = ws
        self.path = path
        self._deflate = _stream_compressor(compress)
        self._lock = asyncio.Lock()

    async def send(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload, separators=(",", ":"))
        async with self._lock:
            if self.ws.closed:
                raise ConnectionResetError("websocket closed")
            if self._deflate is None:
                await self.ws.send_str(text)
            else:
                await self.ws.send_bytes(self._deflate(text.encode()))


@dataclass
class GatewaySession:
    id: str
    intents: int
    identify: dict[str, Any]
    seq: int = 0
    connection: Connection | None = None
    buffer: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=5000))
    ready_at: float | None = None
    guilds_sent_at: float | None = None
    resumes: int = 0
    shard: tuple[int, int] = (0, 1)  # IDENTIFY's [shard_id, shard_count]

    def carries(self, guild_id: str | None) -> bool:
        """Whether Discord sends this server's events on this session's shard (DMs: shard 0)."""
        shard_id, count = self.shard
        if guild_id is None:
            return shard_id == 0
        return (int(guild_id) >> 22) % count == shard_id

    def wants(self, event: str, data: dict[str, Any]) -> bool:
        bit = required_intent(event, data)
        return bit == 0 or bool(self.intents & bit)


class Gateway:
    """Serves `/gateway` (first connect) and `/resume` (READY.resume_gateway_url)."""

    def __init__(self, store: Store, heartbeat_interval_ms: int = 41250) -> None:
        self.store = store
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.base_url = ""
        self.sessions: dict[str, GatewaySession] = {}
        self.current: GatewaySession | None = None  # the newest session to IDENTIFY
        self.recommended_shards = 1  # GET /gateway/bot's `shards`
        self.log: list[dict[str, Any]] = []
        self.changed = asyncio.Condition()
        self._connections: set[web.WebSocketResponse] = set()

    def _note(self, direction: str, op: int | None, event: str | None = None, **extra: Any) -> None:
        self.log.append({"dir": direction, "op": op, "t": event, "time": time.perf_counter(), **extra})

    async def _notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        self._connections.add(ws)
        conn = Connection(ws, request.query.get("compress"), request.path)
        self._note("connect", None, path=request.path, query=dict(request.query))
        session: GatewaySession | None = None
        try:
            await conn.send(
                {"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None, "t": None}
            )
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                op, data = frame.get("op"), frame.get("d")
                self._note("recv", op)
                if op == 1:
                    await conn.send({"op": 11, "d": None, "s": None, "t": None})
                elif op == 2:
                    session = await self._identify(conn, data or {})
                elif op == 6:
                    session = await self._resume(conn, data or {})
                elif op == 8:
                    await self._request_members(session, data or {})
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self._connections.discard(ws)
            if session is not None and session.connection is conn:
                session.connection = None
            self._note("disconnect", None, code=ws.close_code)
            await self._notify()
        return ws

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> GatewaySession | None:
        if data.get("token") != self.store.token:
            self._note("close", None, code=4004)
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return None
        session = GatewaySession(secrets.token_hex(16), int(data.get("intents", 0)), data, connection=conn)
        shard = data.get("shard")
        if shard is not None:
            if (not isinstance(shard, list) or len(shard) != 2 or not all(isinstance(n, int) for n in shard)
                    or not 0 <= shard[0] < shard[1]):
                self._note("close", None, code=4010)
                await conn.ws.close(code=4010, message=b"Invalid shard.")
                return None
            session.shard = (shard[0], shard[1])
        self.sessions[session.id] = session
        self.current = session
        guilds = [guild for guild in self.store.guilds.values() if session.carries(guild.id)]
        ready = {
            "v": 10,
            "user": self.store.bot_user,
            "guilds": [{"id": g.id, "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.base_url.replace("/gateway", "/resume"),
            "application": {"id": self.store.application_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        if data.get("shard"):
            ready["shard"] = data["shard"]
        await self.dispatch("READY", ready, session=session)
        session.ready_at = time.perf_counter()
        for guild in guilds:
            await self.dispatch("GUILD_CREATE", guild_create_payload(guild), session=session)
        session.guilds_sent_at = time.perf_counter()
        await self._notify()
        return session

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> GatewaySession | None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or data.get("token") != self.store.token:
            self._note("send", 9, resumable=False)
            await conn.send({"op": 9, "d": False, "s": None, "t": None})
            return None
        old = session.connection
        session.connection = conn
        if old is not None and not old.ws.closed:
            await old.ws.close(code=4000)
        client_seq = int(data.get("seq") or 0)
        for frame in list(session.buffer):
            if frame["s"] > client_seq:
                await conn.send(frame)
        session.resumes += 1
        await self.dispatch("RESUMED", {}, session=session)
        await self._notify()
        return session

    async def _request_members(self, session: GatewaySession | None, data: dict[str, Any]) -> None:
        guild = self.store.guilds.get(str(data.get("guild_id")))
        if session is None or guild is None:
            return
        members = [member_payload(guild, m) for m in guild.members.values()]
        chunk = {"guild_id": guild.id, "members": members, "chunk_index": 0, "chunk_count": 1}
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk, session=session)

    async def dispatch(
        self, event: str, data: dict[str, Any], *, session: GatewaySession | None = None
    ) -> GatewaySession | None:
        """Send a dispatch to `session` (default: the one of the event's shard, see `route`). Events the bot
        has no intent for are dropped; events while disconnected are buffered for a RESUME. Returns the
        session used."""
        session = session or self.route(event, data)
        if session is None or not session.wants(event, data):
            return None
        if event == "MESSAGE_CREATE" or event == "MESSAGE_UPDATE":
            data = self._visible_message(session, data)
        session.seq += 1
        frame = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.buffer.append(frame)
        self._note("send", 0, event, seq=session.seq)
        if session.connection is not None:
            try:
                await session.connection.send(frame)
            except (ConnectionResetError, RuntimeError):
                session.connection = None
        return session

    def route(self, event: str, data: dict[str, Any]) -> GatewaySession | None:
        """The session Discord would send this event on: the newest one whose shard carries the event's
        server (a direct message's: shard 0), preferring a connected one; an unsharded bot's is `current`."""
        if self.current is None or self.current.shard[1] == 1:
            return self.current
        guild_id = data.get("id") if event in GUILD_EVENTS else data.get("guild_id")
        carrying = [s for s in self.sessions.values() if s.carries(None if guild_id is None else str(guild_id))]
        connected = [s for s in carrying if s.connection is not None]
        return (connected or carrying or [None])[-1]

    def _visible_message(self, session: GatewaySession, message: dict[str, Any]) -> dict[str, Any]:
        if session.intents & INTENT_MESSAGE_CONTENT or not message.get("guild_id"):
            return message
        bot_id = self.store.application_id
        if message.get("author", {}).get("id") == bot_id:
            return message
        if any(u.get("id") == bot_id for u in message.get("mentions", [])):
            return message
        return strip_content(message)

    # server-initiated trouble -----------------------------------------------------------------
    async def send_reconnect(self) -> None:
        """op 7: the client closes and RESUMEs on resume_gateway_url."""
        session = self.current
        if session is not None and session.connection is not None:
            self._note("send", 7)
            await session.connection.send({"op": 7, "d": None, "s": None, "t": None})

    async def send_invalid_session(self, resumable: bool = False) -> None:
        session = self.current
        if session is not None and session.connection is not None:
            self._note("send", 9, resumable=resumable)
            await session.connection.send({"op": 9, "d": resumable, "s": None, "t": None})

    async def drop(self, code: int | None = None) -> None:
        """Cut the current connection: abort the TCP stream (code None) or close with `code`."""
        session = self.current
        if session is None or session.connection is None:
            return
        conn = session.connection
        session.connection = None
        self._note("drop", None, code=code)
        if code is None:
            transport = conn.ws._req.transport if conn.ws._req is not None else None
            if transport is not None:
                transport.abort()
        else:
            await conn.ws.close(code=code)

    async def close_all(self) -> None:
        for ws in list(self._connections):
            await ws.close(code=1001)
