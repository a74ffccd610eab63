"""Which card a button names, and the two custom_id forms that carry it.

Decks of different servers may share an id, so a button must lead to the right one:

- The server form, unchanged since the first version: `recall:quiz:pick:<deck>:<card>:<i>[:s]`,
  `recall:flash:reveal:<deck>:<card>[:s]`, `recall:flash:<rating>:<deck>:<card>[:s]`,
  `recall:explain:answer:<deck>:<card>[:s]` and the form `recall:explain:submit:<deck>:<card>[:s]`. It names
  no owner: the deck is the one of that id where the click happens (the interaction's own server: its
  upload, else a built-in deck it didn't hide; in a DM a built-in deck). Every button posted before owners
  existed is read this way, and a button in a server never needs more.
- The owned form, for a server's deck shown outside that server (a DM): `recall:<verb>:<owner>:<deck>:<card>`,
  the owner in base 36 (a Discord id takes at most 13 characters), with short verbs so the longest ids a
  deck allows still fit Discord's 100 characters: `fv` reveal, `fa`/`fh`/`fg`/`fe` rate Again/Hard/Good/
  Easy, `q0`-`q9` pick an option, `ea` answer, `es` the answer form. The services check that the member
  may see that server's deck (see `bot.services.api.Recall.find_card`).

Each kind of button (or form) describes both its forms once, as a `CardIdForm`; its template, its ids and
their reading all come from that description (`bot.cogs.card_buttons.CardButton` is the buttons' base).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from string import Formatter
from typing import Any

from bot.cogs.common import ORIGIN, SLUG, is_scheduled, origin_suffix
from bot.services.api import BUILT_IN

OWNER = r"(?P<owner>[0-9a-z]{1,13})"
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
OWNER_MAX = 36**13 - 1


def owned(verb: str) -> str:
    """The owned form's pattern after `recall:`; its groups are `owner`, `odeck` and `ocard`."""
    return rf"{verb}:{OWNER}:(?P<odeck>{SLUG}):(?P<ocard>{SLUG})"


def to_base36(number: int) -> str:
    if not 0 <= number <= OWNER_MAX:
        raise ValueError(f"a deck owner is a Discord id, not {number}")
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = DIGITS[digit] + text
        if not number:
            return text


def owned_id(verb: str, owner: int, deck_id: str, card_id: str) -> str:
    return f"recall:{verb}:{to_base36(owner)}:{deck_id}:{card_id}"


@dataclass(frozen=True, slots=True)
class CardTarget:
    """What a button names: a deck id, a card id, and the deck's owner when the button carries one."""

    deck_id: str
    card_id: str
    owner: int | None = None  # None: the server form (the deck of that id where the click happens)


def target_of(match: re.Match[str]) -> CardTarget:
    """The card named by a match of a template that accepts both forms."""
    if match["owner"] is not None:
        return CardTarget(match["odeck"], match["ocard"], int(match["owner"], 36))
    return CardTarget(match["deck"], match["card"])


def button_owner(deck_guild: int, guild_id: int | None) -> int | None:
    """The owner a new button must carry: a server's deck shown in a DM; anywhere else none is needed."""
    return deck_guild if deck_guild != BUILT_IN and guild_id is None else None


@dataclass(frozen=True, slots=True)
class CardId:
    """Everything a card custom_id says: its card, the form's own fields (in the form's order), the `:s` flag."""

    target: CardTarget
    values: tuple[Any, ...] = ()
    scheduled: bool = False


@dataclass(frozen=True)
class Field:
    """A value a card custom_id carries beside its card (a rating, an option's index), described by the
    text that stands for each value: in the server form, and in the owned form's verb (if different)."""

    name: str
    server: Mapping[str, Any]
    owned: Mapping[str, Any] | None = None  # None: the same texts as the server form

    def _texts(self, owned: bool) -> Mapping[str, Any]:
        return self.owned if owned and self.owned is not None else self.server

    def pattern(self, owned: bool) -> str:
        return "|".join(re.escape(text) for text in sorted(self._texts(owned), key=len, reverse=True))

    def text(self, value: Any, owned: bool) -> str:
        for text, known in self._texts(owned).items():
            if known == value:
                return text
        raise ValueError(f"a card button can't carry {self.name} {value!r}")

    def value(self, text: str, owned: bool) -> Any:
        return self._texts(owned)[text]


def _placeholders(layout: str) -> list[str]:
    return [name for _literal, name, _spec, _conversion in Formatter().parse(layout) if name is not None]


def _fill(layout: str, parts: Mapping[str, str]) -> str:
    """A layout's pattern: its literal text escaped, each `{name}` replaced by `parts[name]`."""
    return "".join(re.escape(literal) + (parts[name] if name is not None else "")
                   for literal, name, _spec, _conversion in Formatter().parse(layout))


@dataclass(frozen=True)
class CardIdForm:
    """Both custom_id forms of one kind of card button (or form), built and parsed from one description.

    `server` is the server form after `recall:`, with `{deck}`, `{card}` and each field where it stands
    (an optional `:s` origin flag follows it); `verb` is the owned form's verb, with the fields it carries
    (`recall:<verb>:<owner>:<deck>:<card>`, no flag: a DM is never a scheduled post). Field groups are
    named as in the server form, and with an `o` in front in the owned form (`index`, `oindex`).
    """

    server: str
    verb: str
    fields: tuple[Field, ...] = ()

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if sorted(_placeholders(self.server)) != sorted(["deck", "card", *names]):
            raise ValueError(f"{self.server!r} must name deck, card and {names} once each")
        if sorted(_placeholders(self.verb)) != sorted(names):
            raise ValueError(f"{self.verb!r} must name {names} once each")

    @property
    def template(self) -> str:
        server = _fill(self.server, {"deck": rf"(?P<deck>{SLUG})", "card": rf"(?P<card>{SLUG})",
                                     **{f.name: rf"(?P<{f.name}>{f.pattern(owned=False)})" for f in self.fields}})
        verb = _fill(self.verb, {f.name: rf"(?P<o{f.name}>{f.pattern(owned=True)})" for f in self.fields})
        return rf"recall:(?:{server}{ORIGIN}|{owned(verb)})"

    def custom_id(self, target: CardTarget, values: Sequence[Any] = (), *, scheduled: bool = False) -> str:
        if len(values) != len(self.fields):
            raise ValueError(f"{self.server!r} carries {len(self.fields)} values, not {len(values)}")
        is_owned = target.owner is not None
        texts = {f.name: f.text(value, is_owned) for f, value in zip(self.fields, values, strict=True)}
        if target.owner is not None:
            return owned_id(self.verb.format(**texts), target.owner, target.deck_id, target.card_id)
        server = self.server.format(deck=target.deck_id, card=target.card_id, **texts)
        return f"recall:{server}{origin_suffix(scheduled)}"

    def read(self, match: re.Match[str]) -> CardId:
        """What a match of `template` says."""
        target = target_of(match)
        is_owned = target.owner is not None
        prefix = "o" if is_owned else ""
        values = tuple(f.value(match[prefix + f.name], is_owned) for f in self.fields)
        return CardId(target, values, is_scheduled(match))
