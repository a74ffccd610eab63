"""Instants as Recall passes them around: aware UTC datetimes in code, integer milliseconds when stored.

One place for both conversions, so the services and every storage backend agree to the millisecond.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc(moment: datetime, name: str = "now") -> datetime:
    """`moment` in UTC; a naive datetime is refused (its zone would be a guess)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (UTC), got naive {moment!r}")
    return moment.astimezone(UTC)


def to_ms(moment: datetime) -> int:
    """Milliseconds since 1970-01-01 UTC (how the database stores times)."""
    return int(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    """The aware UTC datetime of a stored millisecond count."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC)
