"""Fault injection: the next N requests matching a route answer 429 (with retry_after) or a 5xx."""

from __future__ import annotations

import re
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
