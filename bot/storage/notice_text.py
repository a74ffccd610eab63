"""An admin notice's text as stored in `admin_notices.text`: a `Marked` one keeps its template and params.

A notice is written when something happens (a schedule paused, a role that can't be given) and read later,
by whoever looks, in their language; the English text alone could not be translated then. So a marked
notice is stored as JSON (`{"template": ..., "params": ...}`) and read back as `Marked`, whose `str` is the
English text as before. Plain text (older rows, or a notice whose params aren't plain values) stays as is.
"""

from __future__ import annotations

import json

from bot.core.messages import Marked

_OPENING = '{"template": '


def stored_notice(text: str, limit: int) -> str:
    """The column's value for `text`: its marked form when it fits in `limit` characters, else the text clipped."""
    if isinstance(text, Marked) and all(isinstance(value, (str, int)) and not isinstance(value, bool)
                                        for value in text.params.values()):
        encoded = json.dumps({"template": text.template, "params": {k: _plain(v) for k, v in text.params.items()}},
                             ensure_ascii=False)
        if len(encoded) <= limit:
            return encoded
    return str(text)[:limit]


def read_notice(value: str) -> str:
    """A stored notice back: `Marked` when it was stored marked, else the text as stored."""
    if not value.startswith(_OPENING):
        return value
    try:
        data = json.loads(value)
        return Marked(str(data["template"]), **{str(k): v for k, v in dict(data["params"]).items()})
    except (ValueError, KeyError, TypeError, IndexError):
        return value


def _plain(value: str | int) -> str | int:
    return int(value) if isinstance(value, int) else str(value)  # a Marked param is kept as its English text
