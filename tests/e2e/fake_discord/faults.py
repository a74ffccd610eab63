"""Fault injection: the next N requests matching a route answer 429 (with retry_after) or a 5xx."""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass


@dataclass
class Fault:
    method: str  # "*" for any
    path_regex: re.Pattern[str]
    status: int
    remaining: int
    retry_after: float = 0.3
    is_global: bool = False
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.remaining <= 0:
            return False
        if self.method != "*" and self.method != method:
            return False
        return self.path_regex.search(path) is not None


class FaultPlan:
    """Faults in the order they were added; the first matching one with requests left applies."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []

    def add(
        self,
        method: str,
        path_pattern: str,
        *,
        status: int = 429,
        count: int = 1,
        retry_after: float = 0.3,
        is_global: bool = False,
    ) -> Fault:
        """`path_pattern` is a regex searched in the path after `/api/v10`, e.g.
        `r"^/channels/\\d+/messages$"` or `r"/callback$"`."""
        fault = Fault(method.upper(), re.compile(path_pattern), status, count, retry_after, is_global)
        self.faults.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method, path):
                fault.remaining -= 1
                fault.hits += 1
                return fault
        return None


class GlobalRateLimit:
    """Discord's global limit (50 requests/s per bot; interaction callbacks and follow-ups exempt):
    opt-in, so a test can check a bot that posts to many channels at once stays within it."""

    EXEMPT_PREFIXES = ("/interactions/", "/webhooks/")

    def __init__(self, per_second: int) -> None:
        self.per_second = per_second
        self._recent: deque[float] = deque()
        self.hits = 0

    def retry_after(self, path: str) -> float | None:
        """None if the request may pass (and counts it), else seconds until it could."""
        if path.startswith(self.EXEMPT_PREFIXES):
            return None
        now = time.monotonic()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.per_second:
            self.hits += 1
            return max(0.001, 1.0 - (now - self._recent[0]))
        self._recent.append(now)
        return None
