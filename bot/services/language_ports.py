"""The port of the languages replies are written in (`bot.services.languages`), implemented by storage
(`bot/storage/languages.py`): each server's chosen language and each member's last seen one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class LanguageStore(Protocol):
    async def chosen_languages(self) -> dict[int, str]:
        """Every server that chose a language (`/settings language`): guild id -> catalogue language code."""
        ...

    async def choose_language(self, guild_id: int, language: str | None) -> None:
        """Store a server's choice; None: follow the server's preferred locale again."""
        ...

    async def member_locales(self, user_ids: Sequence[int]) -> dict[int, str]:
        """The stored last seen language of each of these members that has one."""
        ...

    async def record_locales(self, seen: Sequence[tuple[int, str | None]]) -> None:
        """Store members' last seen languages (user id, code; None: English), in one write."""
        ...
