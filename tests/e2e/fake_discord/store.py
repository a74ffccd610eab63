"""The fake's world: the bot's identity, guilds, channels, members, messages, commands and the
interactions it sent, plus an ordered log of every REST request. Plain data, no I/O."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from .ids import SnowflakeFactory

ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
MANAGE_ROLES = 1 << 28
EVERYONE_DEFAULT = (
    (1 << 6)  # add reactions
    | (1 << 10)  # view channel
    | (1 << 11)  # send messages
    | (1 << 14)  # embed links
    | (1 << 15)  # attach files
    | (1 << 16)  # read message history
    | (1 << 18)  # use external emojis
    | (1 << 31)  # use application commands
)
ALL_PERMISSIONS = (1 << 53) - 1

CHANNEL_TEXT = 0
CHANNEL_DM = 1
CHANNEL_CATEGORY = 4


@dataclass
class Role:
    id: str
    name: str
    permissions: int
    position: int


@dataclass
class Member:
    user: dict[str, Any]
    role_ids: list[str]
    joined_at: str = "2025-01-01T00:00:00+00:00"

    @property
    def id(self) -> str:
        return str(self.user["id"])


@dataclass
class Channel:
    id: str
    type: int
    name: str
    guild_id: str | None = None
    position: int = 0
    recipients: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Guild:
    id: str
    name: str
    owner_id: str
    roles: dict[str, Role] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    system_channel_id: str | None = None
    preferred_locale: str = "en-US"  # the server's language as Discord sends it (guild_locale)

    def member_permissions(self, member_id: str) -> int:
        """Permissions from @everyone plus the member's roles; the owner and administrators get all."""
        if member_id == self.owner_id:
            return ALL_PERMISSIONS
        member = self.members[member_id]
        value = self.roles[self.id].permissions
        for role_id in member.role_ids:
            value |= self.roles[role_id].permissions
        return ALL_PERMISSIONS if value & ADMINISTRATOR else value

    def text_channels(self) -> list[Channel]:
        return [c for c in self.channels.values() if c.type == CHANNEL_TEXT]


@dataclass
class RecordedRequest:
    """One REST call as the bot made it, in arrival order."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[dict[str, Any]]
    time: float
    status: int = 0
    fault: str | None = None


@dataclass
class InteractionRecord:
    """An interaction the fake dispatched and everything the bot answered to it."""

    id: str
    token: str
    payload: dict[str, Any]
    created_at: float = field(default_factory=time.perf_counter)
    sent_at: float | None = None
    callback: dict[str, Any] | None = None
    callback_at: float | None = None
    callback_status: int | None = None
    original_message_id: str | None = None
    followup_ids: list[str] = field(default_factory=list)
    webhook_writes: int = 0
    late_attempts: list[float] = field(default_factory=list)
    rejected_callbacks: list[dict[str, Any]] = field(default_factory=list)
    answered: asyncio.Event = field(default_factory=asyncio.Event)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def type(self) -> int:
        return int(self.payload["type"])

    @property
    def latency(self) -> float | None:
        """Seconds from the INTERACTION_CREATE frame to the accepted callback."""
        if self.sent_at is None or self.callback_at is None:
            return None
        return self.callback_at - self.sent_at

    @property
    def late(self) -> bool:
        return bool(self.late_attempts)

    def touch(self) -> None:
        self.changed.set()

    def note_webhook_write(self) -> None:
        """A follow-up, or an edit/delete of a response message, through the interaction token."""
        self.webhook_writes += 1
        self.changed.set()


@dataclass
class CommandSync:
    """One bulk overwrite of application commands (`guild_id` None for global)."""

    guild_id: str | None
    commands: list[dict[str, Any]]
    time: float


class Store:
    """All mutable state of one fake Discord."""

    def __init__(self, token: str, bot_name: str = "Recall") -> None:
        self.ids = SnowflakeFactory()
        self.token = token
        self.application_id = self.ids.next()
        self.locales: dict[str, str] = {}  # user id -> the client language their interactions carry
        self.bot_user: dict[str, Any] = {
            "id": self.application_id,
            "username": bot_name,
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": True,
            "flags": 0,
        }
        self.owner_user = self.new_user("owner")
        self.guilds: dict[str, Guild] = {}
        self.channel_guild: dict[str, str] = {}
        self.dm_channels: dict[str, Channel] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        self.message_requests: dict[str, RecordedRequest] = {}
        self.channel_history: dict[str, list[str]] = {}
        self.interactions: dict[str, InteractionRecord] = {}
        self.interaction_by_token: dict[str, InteractionRecord] = {}
        self.global_commands: dict[str, dict[str, Any]] = {}
        self.guild_commands: dict[str, dict[str, dict[str, Any]]] = {}
        self.command_ids: dict[tuple[str | None, str, int], str] = {}
        self.command_syncs: list[CommandSync] = []
        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[RecordedRequest] = []
        self.invalid_bodies: list[tuple[RecordedRequest, list[tuple[str, str]]]] = []
        self.poll_votes: dict[tuple[str, int], list[str]] = {}
        self.cdn_base = ""  # set when the server starts
        self.uploads: dict[str, bytes] = {}  # attachment id -> bytes a member attached to a slash command
        self.last_request_at = time.perf_counter()

    # users and guilds -------------------------------------------------------------------------
    def new_user(self, username: str, *, bot: bool = False) -> dict[str, Any]:
        return {
            "id": self.ids.next(),
            "username": username,
            "discriminator": "0",
            "global_name": username.title(),
            "avatar": None,
            "bot": bot,
            "flags": 0,
        }

    def add_guild(self, name: str, *, text_channels: int = 2, shard: tuple[int, int] | None = None) -> Guild:
        """A server; `shard=(i, n)` gives it an id Discord would send on shard i of n."""
        guild_id = self.ids.next() if shard is None else self.ids.next_on_shard(*shard)
        guild = Guild(id=guild_id, name=name, owner_id=self.owner_user["id"])
        guild.roles[guild_id] = Role(guild_id, "@everyone", EVERYONE_DEFAULT, 0)
        bot_role = Role(self.ids.next(), self.bot_user["username"], EVERYONE_DEFAULT, 1)
        guild.roles[bot_role.id] = bot_role
        category = Channel(self.ids.next(), CHANNEL_CATEGORY, "Text Channels", guild_id, 0)
        guild.channels[category.id] = category
        for index in range(text_channels):
            name_ = "general" if index == 0 else f"study-{index}"
            channel = Channel(self.ids.next(), CHANNEL_TEXT, name_, guild_id, index)
            guild.channels[channel.id] = channel
            self.channel_history[channel.id] = []
        for channel_id in guild.channels:
            self.channel_guild[channel_id] = guild_id
        guild.system_channel_id = guild.text_channels()[0].id
        guild.members[self.owner_user["id"]] = Member(self.owner_user, [])
        guild.members[self.application_id] = Member(self.bot_user, [bot_role.id])
        self.guilds[guild_id] = guild
        return guild

    def add_role(self, guild_id: str, name: str, permissions: int) -> Role:
        guild = self.guilds[guild_id]
        role = Role(self.ids.next(), name, permissions, len(guild.roles))
        guild.roles[role.id] = role
        return role

    def add_member(
        self,
        guild_id: str,
        username: str,
        *,
        permissions: int | None = None,
        user: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Add a member; `permissions` beyond @everyone's are given through a role of their own."""
        guild = self.guilds[guild_id]
        user = user or self.new_user(username)
        role_ids = []
        if permissions is not None and permissions & ~EVERYONE_DEFAULT:
            role_ids.append(self.add_role(guild_id, f"{username}-role", permissions).id)
        guild.members[user["id"]] = Member(user, role_ids)
        return user

    def guild_of_channel(self, channel_id: str) -> Guild | None:
        guild_id = self.channel_guild.get(channel_id)
        return None if guild_id is None else self.guilds.get(guild_id)

    def channel(self, channel_id: str) -> Channel | None:
        guild = self.guild_of_channel(channel_id)
        if guild is not None:
            return guild.channels[channel_id]
        return self.dm_channels.get(channel_id)

    def dm_channel_for(self, user: dict[str, Any]) -> Channel:
        for channel in self.dm_channels.values():
            if channel.recipients and channel.recipients[0]["id"] == user["id"]:
                return channel
        channel = Channel(self.ids.next(), CHANNEL_DM, "", None, 0, [user])
        self.dm_channels[channel.id] = channel
        self.channel_history[channel.id] = []
        return channel

    def find_user(self, user_id: str) -> dict[str, Any] | None:
        if user_id == self.application_id:
            return self.bot_user
        for guild in self.guilds.values():
            member = guild.members.get(user_id)
            if member is not None:
                return member.user
        for channel in self.dm_channels.values():
            if channel.recipients and channel.recipients[0]["id"] == user_id:
                return channel.recipients[0]
        return None

    # messages ---------------------------------------------------------------------------------
    def save_message(self, message: dict[str, Any], *, in_history: bool = True) -> None:
        self.messages[message["id"]] = message
        if in_history:
            self.channel_history.setdefault(message["channel_id"], []).append(message["id"])

    def delete_message(self, message_id: str) -> dict[str, Any] | None:
        message = self.messages.pop(message_id, None)
        if message is not None:
            history = self.channel_history.get(message["channel_id"], [])
            if message_id in history:
                history.remove(message_id)
        return message

    def note_activity(self) -> None:
        self.last_request_at = time.perf_counter()
