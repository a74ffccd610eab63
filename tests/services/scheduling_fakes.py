"""A recording stand-in for the Discord side of scheduled posts (the `Publisher` port), for service tests.

It keeps channels as lists of (message id, content) so that reconciling really searches a history.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from bot.services.ports import ChannelGone


@dataclass
class RecordingPublisher:
    channels: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    gone: set[int] = field(default_factory=set)
    voters: dict[int, dict[int, set[int]]] = field(default_factory=dict)  # message id -> answer -> users
    sent: list[Any] = field(default_factory=list)
    replies: list[tuple[int, int, str]] = field(default_factory=list)
    notices: list[tuple[int, str]] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)
    has_system_channel: bool = True
    fail_sends: int = 0
    _ids: Any = field(default_factory=lambda: itertools.count(1000))

    async def send_post(self, post: Any) -> int:
        channel = post.post.channel_id
        if channel in self.gone:
            raise ChannelGone("the channel was deleted")
        if self.fail_sends:
            self.fail_sends -= 1
            raise RuntimeError("Discord 503")
        message_id = next(self._ids)
        self.channels.setdefault(channel, []).append((message_id, post.marker))
        self.sent.append(post)
        return message_id

    async def find_post(self, channel_id: int, marker: str) -> int | None:
        if channel_id in self.gone:
            raise ChannelGone("the channel was deleted")
        return next((mid for mid, text in reversed(self.channels.get(channel_id, [])) if marker in text), None)

    async def notify_admins(self, guild_id: int, text: str) -> bool:
        if not self.has_system_channel:
            return False
        self.notices.append((guild_id, text))
        return True

    async def end_poll(self, channel_id: int, message_id: int) -> None:
        self.ended.append(message_id)

    async def poll_voters(self, channel_id: int, message_id: int) -> dict[int, set[int]]:
        return {answer: set(users) for answer, users in self.voters.get(message_id, {}).items()}

    async def reply(self, channel_id: int, message_id: int, text: str) -> int:
        reply_id = next(self._ids)
        self.replies.append((channel_id, message_id, text))
        self.channels.setdefault(channel_id, []).append((reply_id, f"reply-to:{message_id} {text}"))
        return reply_id

    async def find_reply(self, channel_id: int, message_id: int) -> int | None:
        tag = f"reply-to:{message_id} "
        return next((mid for mid, text in self.channels.get(channel_id, []) if text.startswith(tag)), None)

    async def send_dm(self, user_id: int, text: str) -> bool:
        return True
