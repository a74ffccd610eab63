"""Japanese concepts framed in a time: "昼は…", "夜には…", "冬の間は…" (by day, at night, in winter).

When two or more of a card's concepts open with different times as their topic, a keyword of one of them
in a clause that names another's time speaks of that other time: "夜は光合成が呼吸よりさかん" states the
day's concept at night, a reversal, and is not credited (bot/core/grading_relations.py: these words void
the keyword as its `not_with` words do, in its clause cut at commas). A concept that names the other time
itself ("昼も夜も") gets nothing, and neither does a concept framed in no time. Only time words frame:
a topic such as "光合成は" is what a concept speaks of, not a setting other concepts could be swapped into.
"""

from __future__ import annotations

import re

# Times of day, parts of the day and seasons (everyday words of any subject)
TIME_WORDS = frozenset((
    "朝", "昼", "夜", "晩", "夕方", "昼間", "夜間", "日中", "夜中", "深夜", "早朝", "午前", "午後", "明け方",
    "春", "夏", "秋", "冬", "夏場", "冬場", "春先", "夏季", "冬季",
))
_FRAMED = re.compile(r"^([\u3400-\u9fff]{1,3})(?:の間|のあいだ|の間に)?(?:には|では|は|に)")
_MAX_SETTINGS = 8


def setting_roles(names: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Per concept framed in a time, the other concepts' times it does not name itself (see the module's
    docstring); () for the others, and for every concept when fewer than two times frame them."""
    framed = [_time_of(name) for name in names]
    times = list(dict.fromkeys(time for time in framed if time is not None))[:_MAX_SETTINGS]
    if len(times) < 2:
        return tuple(() for _ in names)
    return tuple(
        () if own is None or own not in times else tuple(time for time in times if time != own and time not in name)
        for name, own in zip(names, framed, strict=True)
    )


def _time_of(name: str) -> str | None:
    match = _FRAMED.match(name)
    return match.group(1) if match is not None and match.group(1) in TIME_WORDS else None
