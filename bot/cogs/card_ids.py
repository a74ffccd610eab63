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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.cogs.common import SLUG
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
