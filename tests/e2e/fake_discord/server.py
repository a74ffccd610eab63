"""`FakeDiscord`: one aiohttp server on 127.0.0.1 with the REST API under `/api/v10`, the gateway
at `/gateway` (and `/resume`), and the handles tests use to drive users and inject faults."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from . import rest_channels, rest_identity, rest_interactions
from .driver import Driver
from .faults import Fault, FaultPlan, GlobalRateLimit
from .gateway import Gateway, GatewaySession
from .payloads import build_message, member_payload
from .rest_core import GATEWAY, STORE, catch_all, make_middleware
from .results import InteractionResult
from .store import MANAGE_GUILD, Channel, InteractionRecord, RecordedRequest, Store

DEFAULT_MEMBERS = ("alice", "bob", "carol")


class FakeDiscord:
    def __init__(
        self,
        *,
        token: str = "fake-bot-token",
        guilds: int = 1,
        member_names: tuple[str, ...] = DEFAULT_MEMBERS,
        members_per_guild: int | None = None,
        admin_name: str | None = "dana",
        text_channels: int = 2,
        heartbeat_interval_ms: int = 41250,
        settle_s: float = 0.05,
        global_rate_limit: int | None = None,
        guild_shards: int | None = None,
        recommended_shards: int = 1,
    ) -> None:
        """`guild_shards=n`: guild i gets an id on shard i % n (so tests of sharded bots have servers on each
        shard); `recommended_shards`: what GET /gateway/bot recommends (`gateway.recommended_shards`)."""
        self.store = Store(token)
        self.gateway = Gateway(self.store, heartbeat_interval_ms)
        self.gateway.recommended_shards = recommended_shards
        self.faults = FaultPlan()
        self.global_limit = GlobalRateLimit(global_rate_limit) if global_rate_limit else None
        self.driver = Driver(self.store, self.gateway, settle_s)
        self.users: dict[str, dict[str, Any]] = {}
        for index in range(guilds):
            shard = None if guild_shards is None else (index % guild_shards, guild_shards)
            guild = self.store.add_guild(f"Study Group {index + 1}", text_channels=text_channels, shard=shard)
            names = (
                member_names
                if members_per_guild is None
                else tuple(f"m{index}-{n}" for n in range(members_per_guild))
            )
            for name in names:
                user = self.users.get(name) if index == 0 else None
                user = self.store.add_member(guild.id, name, user=user)
                self.users.setdefault(name, user)
            if admin_name:
                admin = self.users.get(admin_name)
                self.users[admin_name] = self.store.add_member(
                    guild.id, admin_name, permissions=MANAGE_GUILD, user=admin
                )
        self._runner: web.AppRunner | None = None
        self.port = 0

    # lifecycle ---------------------------------------------------------------------------------
    async def start(self) -> FakeDiscord:
        app = web.Application(
            middlewares=[make_middleware(self.store, self.faults, self.global_limit)],
            client_max_size=64 * 1024 * 1024,
        )
        app[STORE] = self.store
        app[GATEWAY] = self.gateway
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/resume", self.gateway.handle)
        rest_identity.add_routes(app)
        rest_interactions.add_routes(app)
        rest_channels.add_routes(app)
        app.router.add_route("*", "/{tail:.*}", catch_all)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.gateway.base_url = f"ws://127.0.0.1:{self.port}/gateway"
        self.store.cdn_base = self.cdn_base
        return self

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def cdn_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/cdn"

    @property
    def token(self) -> str:
        return self.store.token

    @property
    def guild(self) -> Any:
        """The first guild (most tests need only one)."""
        return next(iter(self.store.guilds.values()))

    def channel(self, name: str = "general", guild_id: str | None = None) -> Channel:
        guild = self.store.guilds[guild_id] if guild_id else self.guild
        return next(c for c in guild.channels.values() if c.name == name)

    # readiness -----------------------------------------------------------------------------------
    async def wait_until_ready(self, *, sessions_before: int = 0, timeout: float = 20.0) -> GatewaySession:
        """Wait for a session newer than the first `sessions_before` that got READY and every GUILD_CREATE."""
        async with asyncio.timeout(timeout), self.gateway.changed:
            while True:
                sessions = list(self.gateway.sessions.values())[sessions_before:]
                for session in sessions:
                    if session.guilds_sent_at is not None:
                        return session
                await self.gateway.changed.wait()

    async def wait_until_shards_ready(self, shard_ids: list[int] | tuple[int, ...], shard_count: int, *,
                                      sessions_before: int = 0, timeout: float = 30.0) -> list[GatewaySession]:
        """Wait until each of `shard_ids` (of `shard_count`) has a connected session newer than the first
        `sessions_before` that got READY and its guilds; returns them in the order of `shard_ids`."""
        async with asyncio.timeout(timeout), self.gateway.changed:
            while True:
                sessions = list(self.gateway.sessions.values())[sessions_before:]
                found = {s.shard: s for s in sessions if s.guilds_sent_at is not None and s.connection is not None}
                if all((shard, shard_count) in found for shard in shard_ids):
                    return [found[(shard, shard_count)] for shard in shard_ids]
                await self.gateway.changed.wait()

    async def wait_for_resume(self, session: GatewaySession, resumes: int = 1, timeout: float = 20.0) -> None:
        async with asyncio.timeout(timeout), self.gateway.changed:
            while session.resumes < resumes or session.connection is None:
                await self.gateway.changed.wait()

    # faults --------------------------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        path_pattern: str,
        *,
        status: int = 429,
        count: int = 1,
        retry_after: float = 0.3,
        is_global: bool = False,
    ) -> Fault:
        return self.faults.add(
            method, path_pattern, status=status, count=count, retry_after=retry_after, is_global=is_global
        )

    async def reconnect(self) -> None:
        await self.gateway.send_reconnect()

    async def drop_connection(self, code: int | None = None) -> None:
        await self.gateway.drop(code)

    async def invalidate_session(self, resumable: bool = False) -> None:
        await self.gateway.send_invalid_session(resumable)

    # users ---------------------------------------------------------------------------------------
    async def slash(self, name: str, options: dict[str, Any] | None = None, **kw: Any) -> InteractionResult:
        return await self.driver.slash(name, options, **kw)

    async def autocomplete(
        self, name: str, options: dict[str, Any], focused: str, **kw: Any
    ) -> InteractionResult:
        return await self.driver.autocomplete(name, options, focused, **kw)

    async def click(self, target: Any, custom_id: str, **kw: Any) -> InteractionResult:
        return await self.driver.click(target, custom_id, **kw)

    async def submit_modal(
        self, opened_by: InteractionResult, values: dict[str, Any], **kw: Any
    ) -> InteractionResult:
        return await self.driver.submit_modal(opened_by, values, **kw)

    async def settle(self, quiet: float | None = None) -> None:
        await self.driver.settle(quiet)

    async def add_member(
        self, name: str, *, permissions: int | None = None, guild_id: str | None = None
    ) -> dict[str, Any]:
        """A member joins (GUILD_MEMBER_ADD, delivered only with the members intent)."""
        guild = self.store.guilds[guild_id] if guild_id else self.guild
        user = self.store.add_member(guild.id, name, permissions=permissions)
        self.users[name] = user
        await self.gateway.dispatch(
            "GUILD_MEMBER_ADD", {**member_payload(guild, guild.members[user["id"]]), "guild_id": guild.id}
        )
        return user

    async def user_message(self, channel: Channel, user: dict[str, Any], content: str) -> dict[str, Any]:
        """A member writes in a channel (MESSAGE_CREATE; content hidden without the content intent)."""
        message = build_message(self.store, channel, {"content": content}, author=user)
        if channel.guild_id:
            guild = self.store.guilds[channel.guild_id]
            message["member"] = member_payload(guild, guild.members[user["id"]], with_user=False)
        self.store.save_message(message)
        await self.gateway.dispatch("MESSAGE_CREATE", message)
        return message

    async def vote(
        self, message: dict[str, Any], answer_id: int, user: dict[str, Any], *, remove: bool = False
    ) -> None:
        """A member votes on (or un-votes) a poll answer."""
        voters = self.store.poll_votes.setdefault((message["id"], answer_id), [])
        if remove and user["id"] in voters:
            voters.remove(user["id"])
        elif not remove and user["id"] not in voters:
            voters.append(user["id"])
        event = {
            "user_id": user["id"],
            "channel_id": message["channel_id"],
            "message_id": message["id"],
            "answer_id": answer_id,
        }
        if message.get("guild_id"):
            event["guild_id"] = message["guild_id"]
        await self.gateway.dispatch("MESSAGE_POLL_VOTE_REMOVE" if remove else "MESSAGE_POLL_VOTE_ADD", event)

    # what the bot did ------------------------------------------------------------------------------
    def requests(self, method: str | None = None, path_pattern: str | None = None) -> list[RecordedRequest]:
        regex = re.compile(path_pattern) if path_pattern else None
        return [
            r
            for r in self.store.requests
            if (method is None or r.method == method.upper()) and (regex is None or regex.search(r.path))
        ]

    async def wait_for_request(
        self, method: str, path_pattern: str, *, count: int = 1, timeout: float = 10.0
    ) -> list[RecordedRequest]:
        """Wait until the bot has made `count` requests matching (e.g. a scheduled post)."""
        async with asyncio.timeout(timeout):
            while len(found := self.requests(method, path_pattern)) < count:
                await asyncio.sleep(0.02)  # polling: any number of waiters, no lost wake-ups
        return found

    async def wait_for_result(
        self, result: InteractionResult, predicate: Callable[[InteractionResult], bool], timeout: float = 5.0
    ) -> InteractionResult:
        """Wait until an interaction's answer satisfies `predicate` (e.g. a second follow-up arrived)."""
        record = result.record
        await self.driver.wait_for(record, lambda: predicate(result), timeout, "the expected answer")
        await self.driver.settle()
        return result

    def summary(self) -> str:
        """One line per thing a test may want to know after a failure."""
        unknown = sorted({f"{r.method} {r.path}" for r in self.store.unknown_routes})
        return (
            f"requests={len(self.store.requests)} interactions={len(self.store.interactions)} "
            f"unanswered={len(self.unanswered_interactions())} late={len(self.late_interactions())} "
            f"command_syncs={len(self.store.command_syncs)} unknown_routes={unknown} "
            f"invalid_bodies={[(r.method, r.path, p) for r, p in self.store.invalid_bodies]}"
        )

    def channel_messages(self, channel: Channel) -> list[dict[str, Any]]:
        """Public messages in a channel, oldest first."""
        return [self.store.messages[i] for i in self.store.channel_history.get(channel.id, [])]

    def late_interactions(self) -> list[InteractionRecord]:
        return [r for r in self.store.interactions.values() if r.late]

    def unanswered_interactions(self) -> list[InteractionRecord]:
        return [r for r in self.store.interactions.values() if r.callback is None]

    def public_message_requests(self) -> list[RecordedRequest]:
        """Requests that created a non-ephemeral message (for the allowed_mentions rule)."""
        return [
            self.store.message_requests[m["id"]]
            for m in self.store.messages.values()
            if not m["flags"] & 64
            and m["id"] in self.store.message_requests
            and m["author"]["id"] == self.store.application_id
        ]

    def elapsed_since_last_request(self) -> float:
        return time.perf_counter() - self.store.last_request_at
