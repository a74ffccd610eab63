"""Validation rules written as type metadata, so the deck dataclasses import without pydantic.

The bot holds decks that were validated elsewhere (the content layer, possibly in a child process)
and never needs pydantic itself. Each marker below implements `__get_pydantic_core_schema__`, the
hook pydantic calls while it builds a validator, and imports pydantic only inside it: the rules live
next to the fields they govern, and cost nothing to a process that never validates.

Strictness is set per field rather than in the dataclass's config, because a strict dataclass would
demand an instance and refuse the mapping read from YAML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Text:
    """A strict string: a YAML `yes` or `1999` where text was meant is an error, not a conversion.

    Surrounding whitespace is stripped before the length is checked, unless `strip` is false (ids
    and links, where a space is a mistake to report rather than to repair).
    """

    __slots__ = ("constraints",)

    def __init__(
        self,
        *,
        strip: bool = True,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
    ) -> None:
        given = {"min_length": min_length, "max_length": max_length, "pattern": pattern}
        self.constraints: dict[str, Any] = {key: value for key, value in given.items() if value is not None}
        if strip:
            self.constraints["strip_whitespace"] = True

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.str_schema(strict=True, **self.constraints)

    def __repr__(self) -> str:
        return f"Text({self.constraints})"


class Exact:
    """No conversion: `correct: "yes"` is not a boolean, and only a real list is a list.

    `min_length`/`max_length` bound a list's number of items.
    """

    __slots__ = ("limits",)

    def __init__(self, *, min_length: int | None = None, max_length: int | None = None) -> None:
        given = {"min_length": min_length, "max_length": max_length}
        self.limits = {key: value for key, value in given.items() if value is not None}

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema["strict"] = True
        schema.update(self.limits)
        return schema

    def __repr__(self) -> str:
        return f"Exact({self.limits})"


class Rule:
    """A check on the already-validated value; `check` raises ValueError with a message for authors."""

    __slots__ = ("check",)

    def __init__(self, check: Callable[[Any], Any]) -> None:
        self.check = check

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __repr__(self) -> str:
        return f"Rule({self.check.__name__})"


class TaggedBy:
    """A union chosen by one key (`kind: open` -> OpenCard): one error for a wrong kind, not three."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic import Discriminator

        return Discriminator(self.key).__get_pydantic_core_schema__(source, handler)

    def __repr__(self) -> str:
        return f"TaggedBy({self.key!r})"
