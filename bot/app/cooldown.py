"""Per-member command cooldowns: a few uses per window, per member and command, so one member's spam
never slows anyone else. Pure bookkeeping over a monotonic clock; old entries are pruned as it goes."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class MemberCooldowns:
    def __init__(self, uses: int, per_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.uses = uses
        self.per_seconds = per_seconds
        self._clock = clock
        self._hits: dict[tuple[int, str], deque[float]] = {}
        self._last_prune = clock()

    def hit(self, user_id: int, command: str) -> float:
        """Record a use; returns 0 when allowed, else the seconds until the next allowed use."""
        now = self._clock()
        self._prune(now)
        hits = self._hits.setdefault((user_id, command), deque())
        while hits and now - hits[0] >= self.per_seconds:
            hits.popleft()
        if len(hits) >= self.uses:
            return max(self.per_seconds - (now - hits[0]), 0.01)
        hits.append(now)
        return 0.0

    def _prune(self, now: float) -> None:
        if now - self._last_prune < self.per_seconds * 6:
            return
        self._last_prune = now
        stale = [key for key, hits in self._hits.items() if not hits or now - hits[-1] >= self.per_seconds]
        for key in stale:
            del self._hits[key]
