"""Per-deck study settings (retention, exam): whose settings apply where, and the review load they imply.

Settings belong to a server and a deck (`/deck retention`, `/deck exam`). A review uses the settings of
the server it happens in; a review in a DM has no server, so it uses the deck owner's settings for a
server's upload and the defaults (retention 0.90, no exam) for a built-in deck. The same rule decides
which exam makes a card "at risk" in `/review`, so what is brought forward is exactly what the cap
schedules (a card can't be brought forward in a place whose reviews would not be capped).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.srs import intervals_days

BUILT_IN_OWNER = 0


def settings_guild(place_guild: int | None, deck_owner: int) -> int | None:
    """The server whose deck settings apply to a review of a deck owned by `deck_owner` (0: built-in) made in
    `place_guild` (None: a DM); None means the defaults."""
    if place_guild is not None:
        return place_guild
    return deck_owner if deck_owner != BUILT_IN_OWNER else None


def daily_review_load(stabilities: Iterable[float | None], retention: float) -> float:
    """Expected reviews per day from these cards at `retention`: the sum over cards of 1 / the interval (in
    days) FSRS would give each card from its stability at that retention. A card reviewed every I days costs
    1/I reviews a day; cards not yet reviewed (no stability) cost nothing until they are."""
    return sum(1.0 / days for days in intervals_days([s for s in stabilities if s], retention))
