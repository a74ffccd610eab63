"""Interactions that reach the bot already past Discord's deadline are dropped before any work.

When clicks arrive faster than the bot can answer, they queue up unread. Each answers too late once
it is read: Discord refuses a first answer after 3 s ("Unknown interaction"), and the member already
saw "This interaction failed". Working on them anyway (database, grading, two refused requests)
keeps the bot behind for good: measured, a 5 s burst at 1,500 clicks/s left Recall answering
nothing for the next 10 s at an easy 300/s.

An interaction's age comes from its id (a snowflake carries its creation time in milliseconds).
The host's clock may differ from Discord's, so ages are compared with the youngest interaction of
the last half minute, not with zero: a constant offset cancels out.
"""

from __future__ import annotations

import time
from collections.abc import Callable

DISCORD_EPOCH_MS = 1_420_070_400_000
STALE_AFTER_MS = 2_500.0  # of Discord's 3 s: what is left is too little to do anything and answer
WINDOW_SECONDS = 30.0


def created_ms(snowflake: object) -> float | None:
    """Unix time in ms at which Discord made the id; None if it isn't a snowflake."""
    try:
        value = int(str(snowflake))
    except ValueError:
        return None
    return float((value >> 22) + DISCORD_EPOCH_MS) if value > 0 else None


class StaleInteractions:
    def __init__(self, stale_after_ms: float = STALE_AFTER_MS, window_seconds: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.time) -> None:
        self.stale_after_ms = stale_after_ms
        self.window_seconds = window_seconds
        self.clock = clock
        self.dropped = 0
        self._window_started = clock()
        self._youngest = float("inf")  # the smallest age seen in this window and the one before
        self._youngest_before = float("inf")

    def is_stale(self, interaction_id: object) -> bool:
        stale = self.lag_ms(interaction_id) > self.stale_after_ms
        self.dropped += stale
        return stale

    def lag_ms(self, interaction_id: object) -> float:
        """How long the interaction waited before we read it, as far as we can tell (0 for a non-snowflake)."""
        created = created_ms(interaction_id)
        if created is None:
            return 0.0
        now = self.clock()
        if now - self._window_started >= self.window_seconds:
            self._window_started = now
            self._youngest_before, self._youngest = self._youngest, float("inf")
        age = now * 1000 - created
        self._youngest = min(self._youngest, age)
        return age - min(self._youngest, self._youngest_before)
