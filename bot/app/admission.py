"""Admission control: past what the bot can answer in time, refuse a click at once instead of queueing it.

Under a burst of new answers the backlog forms after the handlers start: each click is parsed, gets
its tasks and waits for the database writer, and every waiting handler slows the others (they share
one event loop and the interpreter). Past capacity that queue only grows, every answer comes after
Discord's 3 s, and the member sees "This interaction failed" while the attempt is stored anyway.
Measured (benchmarks/discord, scenario "distinct"): at 1,000 new answers/s Recall answered 93/s in
time and nothing at all for 10 s after the burst.

So each interaction is judged when it is read, before discord.py builds anything for it:

- at most `max_in_flight` interactions are being handled at once (a bound on the queue, so on the
  latency of those admitted: in-flight / throughput);
- while others are in flight, an interaction read more than `lag_limit_ms` after it was sent says
  the event loop itself is behind (reading the gateway competes with the handlers for the one
  interpreter): new work is refused until reading catches up, so the cheap refusals still reach
  members in time;
- if it already waited `lag_ms` to be read, and recent interactions took `recent_ms` from read to
  done while others are in flight, an interaction expected to finish after `budget_ms` is refused
  now, while a short reply can still reach the member.

With nothing in flight nothing is refused (below the 2.5 s of `bot.app.overload`): any lateness then
came from Discord's side (its delivery varies by a few hundred milliseconds), not from a backlog of
ours, and a quiet bot must never answer "busy".

A refused interaction gets a quick private "busy, try again" (nothing is stored, nothing is run); the
refusals are counted and logged once per interval. Autocomplete gets no suggestions.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.messages import N_

log = logging.getLogger("recall.admission")

MAX_IN_FLIGHT = 32
LAG_LIMIT_MS = 500.0  # read this late while busy, the event loop is behind: no new work until it catches up
# (twice the lag that sheds well in the burst benchmark: real gateway delivery jitters, the fake's doesn't)
BUDGET_MS = 1_500.0  # of Discord's 3 s: the rest is for the reply and the network
SMOOTHING = 0.05  # weight of the newest latency in the running average
MAX_IN_FLIGHT_VARIABLE = "RECALL_MAX_IN_FLIGHT"
BUSY = N_("Recall is busy right now, so that wasn't recorded. Please try again in a few seconds.")


@dataclass(frozen=True, slots=True)
class Verdict:
    admit: bool
    reason: str = ""


ADMIT = Verdict(True)


class Admission:
    def __init__(self, max_in_flight: int = MAX_IN_FLIGHT, budget_ms: float = BUDGET_MS,
                 lag_limit_ms: float = LAG_LIMIT_MS,
                 report_every: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        if max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1")
        self.max_in_flight = max_in_flight
        self.budget_ms = budget_ms
        self.lag_limit_ms = lag_limit_ms
        self.recent_ms = 0.0  # running average of read-to-done latency of admitted interactions
        self.shed = 0  # refused since start
        self.report_every, self.clock = report_every, clock
        self._unreported = 0
        self._reported_at: float | None = None

    def decide(self, *, in_flight: int, lag_ms: float) -> Verdict:
        """Whether an interaction read now, which waited `lag_ms` to be read, can be answered in time."""
        if in_flight >= self.max_in_flight:
            return Verdict(False, f"{in_flight} in flight")  # i18n: not shown (logged)
        if not in_flight:
            # No backlog of ours: lateness is the network's, and the past latency says nothing about this
            # one (the average, fed only by admitted interactions, must be able to come down again).
            return ADMIT
        if lag_ms > self.lag_limit_ms:
            return Verdict(False, f"read {lag_ms:.0f} ms late")  # i18n: not shown (logged)
        if lag_ms + self.recent_ms > self.budget_ms:
            return Verdict(False, f"read {lag_ms:.0f} ms late, recent answers took {self.recent_ms:.0f} ms")  # i18n: not shown (logged)
        return ADMIT

    def observe(self, latency_ms: float) -> None:
        """An admitted interaction finished `latency_ms` after it was read."""
        self.recent_ms += SMOOTHING * (latency_ms - self.recent_ms)

    def refused(self, verdict: Verdict, where: str) -> None:
        """Count a refusal; one warning line per `report_every` seconds, so a burst doesn't flood the log."""
        self.shed += 1
        self._unreported += 1
        now = self.clock()
        if self._reported_at is None or now - self._reported_at >= self.report_every:
            log.warning("shed %d interaction(s) before any work (busy: %s); last: %s; %d since start",
                        self._unreported, verdict.reason, where, self.shed)
            self._unreported = 0
            self._reported_at = now


def admission_from(environ: dict[str, str] | os._Environ[str]) -> Admission:
    """The admission bound from RECALL_MAX_IN_FLIGHT (default 32); ValueError with a clear text if bad."""
    raw = environ.get(MAX_IN_FLIGHT_VARIABLE, "").strip()
    if not raw:
        return Admission()
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= 100_000:
        raise ValueError(f"{MAX_IN_FLIGHT_VARIABLE}={raw[:20]!r} must be a whole number from 1 to 100000")
    return Admission(max_in_flight=value)
