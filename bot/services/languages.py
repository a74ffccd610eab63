"""The languages replies are written in: a server's choice (`/settings language`) and each member's last
seen client language (their reminder DMs are written in it).

A member's language is seen on every interaction; writing it each time would put a write behind every
click. Instead this run remembers what it stored (a bounded cache) and writes only a change, later and in
batches, from a task of its own: the caller (the interaction parser) never waits, and the changes waiting
to be written are bounded too (past the bound a change is dropped, and seen again on the member's next
interaction, since it was not remembered as stored).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Collection

from bot.services.language_ports import LanguageStore

log = logging.getLogger("recall.languages")

REMEMBERED_MEMBERS = 50_000  # members whose stored language this run knows (about 100 bytes each)
PENDING_WRITES = 5_000  # changes waiting for the next batch write


class LanguageService:
    def __init__(self, store: LanguageStore, languages: Collection[str], *, remembered: int = REMEMBERED_MEMBERS,
                 pending: int = PENDING_WRITES) -> None:
        """`languages`: the catalogue codes a server may choose and a member's language may be stored as."""
        self.store = store
        self.languages = frozenset(languages)
        self._stored: OrderedDict[int, str | None] = OrderedDict()  # what the database holds, as far as we know
        self._pending: dict[int, str | None] = {}
        self._remembered, self._pending_limit = remembered, pending
        self._flushing: asyncio.Task[None] | None = None
        self.dropped = 0  # changes not queued because the queue was full

    # --- servers ---------------------------------------------------------------------------------------
    async def server_choices(self) -> dict[int, str]:
        return {guild: code for guild, code in (await self.store.chosen_languages()).items() if code in self.languages}

    async def choose(self, guild_id: int, language: str | None) -> None:
        if language is not None and language not in self.languages:
            raise ValueError(f"not a reply language: {language!r}")  # the command offers fixed choices
        await self.store.choose_language(guild_id, language)

    # --- members ---------------------------------------------------------------------------------------
    async def member_language(self, user_id: int) -> str | None:
        """The member's last seen language (a code of `languages`), or None (English or never seen)."""
        if user_id in self._pending:
            return self._pending[user_id]
        if user_id in self._stored:
            return self._stored[user_id]
        stored = (await self.store.member_locales([user_id])).get(user_id)
        return stored if stored in self.languages else None

    def seen(self, user_id: int, language: str | None) -> None:
        """A member's client language, seen now: queue a write when it differs from what we know is stored.
        Never waits; needs a running event loop when a write is queued."""
        code = language if language in self.languages else None
        if user_id in self._pending:
            self._pending[user_id] = code
            return
        if user_id in self._stored and self._stored[user_id] == code:
            self._stored.move_to_end(user_id)
            return
        if len(self._pending) >= self._pending_limit:
            self.dropped += 1
            return
        self._pending[user_id] = code
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.get_running_loop().create_task(self._flush(), name="recall-member-languages")  # i18n: not shown (a task name)

    async def _flush(self) -> None:
        while self._pending:
            batch = list(self._pending.items())
            try:
                unknown = [user_id for user_id, _code in batch if user_id not in self._stored]
                stored = await self.store.member_locales(unknown) if unknown else {}
                for user_id in unknown:
                    self._remember(user_id, stored.get(user_id))
                batch = [(user_id, code) for user_id, code in batch if user_id in self._pending]  # not forgotten since
                changed = [(user_id, code) for user_id, code in batch
                           if user_id not in self._stored or self._stored[user_id] != code]
                if changed:
                    await self.store.record_locales(changed)
            except Exception:
                log.warning("could not store %d members' languages; seen again on their next use", len(batch),
                            exc_info=True)
                for user_id, _code in batch:
                    self._pending.pop(user_id, None)
                return
            for user_id, code in batch:
                if self._pending.get(user_id) == code:
                    del self._pending[user_id]
                self._remember(user_id, code)

    def _remember(self, user_id: int, code: str | None) -> None:
        self._stored[user_id] = code
        self._stored.move_to_end(user_id)
        while len(self._stored) > self._remembered:
            self._stored.popitem(last=False)

    def forget(self, user_id: int) -> None:
        """The member deleted their data: drop what this run knows and would write about them, so their
        language is neither written back nor taken as already stored when they next use Recall."""
        self._pending.pop(user_id, None)
        self._stored.pop(user_id, None)

    async def drain(self) -> None:
        """Write what is waiting (on close, before the database closes)."""
        if self._flushing is not None and not self._flushing.done():
            await self._flushing
