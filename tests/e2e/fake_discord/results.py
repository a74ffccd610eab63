"""What a simulated member saw: the bot's answers to one interaction, as live views of the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .interaction_payloads import walk_components
from .payloads import EPHEMERAL
from .store import InteractionRecord, Store


class InteractionTimeout(AssertionError):
    """The bot did not answer an interaction in time (a test failure, with what was seen)."""


@dataclass
class InteractionResult:
    """What the bot answered to one interaction; message views are live (they follow later edits)."""

    record: InteractionRecord
    store: Store

    @property
    def callback_type(self) -> int | None:
        return None if self.record.callback is None else int(self.record.callback["type"])

    @property
    def data(self) -> dict[str, Any]:
        return (self.record.callback or {}).get("data") or {}

    @property
    def message(self) -> dict[str, Any] | None:
        """The response message (created, or the clicked one for updates), as stored now."""
        return self.store.messages.get(self.record.original_message_id or "")

    @property
    def followups(self) -> list[dict[str, Any]]:
        return [self.store.messages[i] for i in self.record.followup_ids if i in self.store.messages]

    @property
    def last_message(self) -> dict[str, Any] | None:
        """The newest message this interaction produced (last follow-up, else the response)."""
        followups = self.followups
        return followups[-1] if followups else self.message

    @property
    def ephemeral(self) -> bool:
        message = self.last_message
        return bool(message and message["flags"] & EPHEMERAL)

    @property
    def modal(self) -> dict[str, Any] | None:
        return self.data if self.callback_type == 9 else None

    @property
    def choices(self) -> list[dict[str, Any]]:
        return list(self.data.get("choices") or []) if self.callback_type == 8 else []

    @property
    def latency(self) -> float | None:
        return self.record.latency

    @property
    def late(self) -> bool:
        return self.record.late

    def text(self) -> str:
        """Content plus embed titles, descriptions and fields of every message produced, for asserts."""
        parts: list[str] = []
        messages = ([self.message] if self.message else []) + self.followups
        unique = {m["id"]: m for m in messages}
        for message in unique.values():
            parts.append(message.get("content") or "")
            for embed in message.get("embeds") or []:
                parts += [embed.get("title") or "", embed.get("description") or ""]
                for field_ in embed.get("fields") or []:
                    parts += [field_.get("name") or "", field_.get("value") or ""]
                parts.append((embed.get("footer") or {}).get("text") or "")
        return "\n".join(p for p in parts if p)

    def custom_ids(self, message: dict[str, Any] | None = None) -> list[str]:
        target = message or self.last_message or {}
        return [c["custom_id"] for c in walk_components(target.get("components") or []) if c.get("custom_id")]
