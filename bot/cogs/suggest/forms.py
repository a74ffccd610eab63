"""The card form (a Discord modal of at most 5 text inputs) and the drafts a "Try again" button reopens.

Forms are only shapes: submits are routed by custom_id (bot.app.fallback), never to these objects.
Custom ids (each at most 100 characters; every one re-checked where it is read):
- `recall:suggest:new:<kind>:<level>:<deck>`: a member's suggestion;
- `recall:suggest:editform:<suggestion id>`: a reviewer's edit of a suggestion (saving accepts it);
- `recall:suggest:rejectform:<suggestion id>`: the reason a suggestion is rejected;
- `recall:card:save:<deck>:<card>`: a reviewer's edit of a card of the server's copy of a deck.

A refused form keeps its text: the reply's "Try again" button (`recall:suggest:retry:<token>`) reopens the
same form filled in, for the member who typed it, from `Drafts` (in memory: 1,000 drafts, 30 minutes; after
a restart the button says so).
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import discord

from bot.cogs.common import clip
from bot.core.card_forms import INPUT_MAX, FormKind, form_fields
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked

DRAFTS_KEPT = 1000
DRAFT_SECONDS = 30 * 60
REASON_MAX = 1000
TITLE_MAX = 45  # Discord's longest modal title and text input label
SUGGEST_TITLES: dict[str, str] = {"flashcard": N_("Suggest a flashcard card"), "choice": N_("Suggest a choice card"),
                                  "open": N_("Suggest an open card")}


def suggest_title(kind: FormKind) -> str:
    """The title of a member's suggestion form, in the member's language."""
    return say_marked(SUGGEST_TITLES[kind])


def edit_title(suggestion_id: int) -> str:
    """A reviewer's form editing a suggestion."""
    return say("Edit suggestion #{id}", id=str(suggestion_id))


def card_title(card_id: str) -> str:
    """A reviewer's form editing a card of the server's copy of a deck (clipped with the form's title)."""
    return say("Edit {card}", card=card_id)


class CardForm(discord.ui.Modal):
    def __init__(self, custom_id: str, title: str, kind: FormKind, values: Mapping[str, str] | None = None, *,
                 with_concepts: bool = False) -> None:
        super().__init__(title=clip(title, TITLE_MAX), custom_id=custom_id, timeout=None)
        self.stop()
        for field in form_fields(kind, with_concepts=with_concepts):
            default = str((values or {}).get(field.key) or "")[:INPUT_MAX]
            # The fields' words are marked where the forms are defined (bot.core.card_forms).
            placeholder = clip(say_marked(field.placeholder), 100) if field.placeholder else None
            self.add_item(discord.ui.TextInput(
                label=clip(say_marked(field.label), TITLE_MAX), custom_id=field.key, required=field.required,
                max_length=INPUT_MAX, style=discord.TextStyle.paragraph if field.paragraph else discord.TextStyle.short,
                placeholder=placeholder, default=default or None))


class ReasonForm(discord.ui.Modal):
    def __init__(self, custom_id: str, suggestion_id: int) -> None:
        super().__init__(title=clip(say("Reject suggestion #{id}", id=str(suggestion_id)), TITLE_MAX),
                         custom_id=custom_id, timeout=None)
        self.stop()
        self.add_item(discord.ui.TextInput(label=say("Reason (sent to the author by DM)"), custom_id="reason",
                                           style=discord.TextStyle.paragraph, max_length=REASON_MAX, required=True))


@dataclass(frozen=True, slots=True)
class Draft:
    user_id: int
    guild_id: int
    form_id: str
    title: str
    kind: FormKind
    with_concepts: bool
    values: dict[str, str]
    made: float


class Drafts:
    """Refused forms' text, by a random token, for the member who typed it (bounded, expiring)."""

    def __init__(self) -> None:
        self._drafts: OrderedDict[str, Draft] = OrderedDict()

    def keep(self, draft: Draft) -> str:
        token = secrets.token_urlsafe(12)
        self._drafts[token] = draft
        while len(self._drafts) > DRAFTS_KEPT:
            self._drafts.popitem(last=False)
        return token

    def take(self, token: str, user_id: int, guild_id: int | None) -> Draft | None:
        draft = self._drafts.get(token)
        if draft is None or draft.user_id != user_id or draft.guild_id != guild_id:
            return None
        if time.monotonic() - draft.made > DRAFT_SECONDS:
            del self._drafts[token]
            return None
        return draft


DRAFTS = Drafts()
