"""The base of every card button (/flashcard, /quiz, /explain and the scheduled posts' buttons).

A subclass describes its custom_id once (a `CardIdForm`: both forms of `bot.cogs.card_ids`), names
itself for the logs, says whether its reply edits the clicked message or is sent privately, and
implements `handle`. Building the custom_id, parsing it back after a restart, the error layer
(`guarded`) and the send-or-defer of the reply are done here, once.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

import discord

from bot.app.fallback import guarded
from bot.cogs.card_ids import CardIdForm, CardTarget
from bot.cogs.common import CardT, Named, Reply, edit, load_card, send

NEVER = r"(?!)"  # the base's own template: only its subclasses are registered


class CardButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=NEVER):
    """A stateless button that names a card; subclasses are declared with
    `class RevealButton(CardButton, form=..., where="flash reveal", edits=False)`.

    A subclass whose form carries fields (a rating, an option's index) takes them positionally after
    the card, in the form's order, and passes them on to this `__init__`.
    """

    form: ClassVar[CardIdForm]
    where: ClassVar[str]  # names the button in logs and error reports
    edits: ClassVar[bool]  # True: the reply replaces the clicked message; False: a new private message

    def __init_subclass__(cls, *, form: CardIdForm, where: str, edits: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(template=form.template, **kwargs)
        cls.form, cls.where, cls.edits = form, where, edits

    def __init__(self, deck_id: str, card_id: str, *values: Any, scheduled: bool = False,
                 owner: int | None = None) -> None:
        self.deck_id, self.card_id, self.scheduled, self.owner = deck_id, card_id, scheduled, owner
        super().__init__(self.button(self.form.custom_id(self.target, values, scheduled=scheduled)))

    @property
    def target(self) -> CardTarget:
        return CardTarget(self.deck_id, self.card_id, self.owner)

    def button(self, custom_id: str) -> discord.ui.Button[Any]:
        """How the button looks (its label may depend on the subclass's fields, already set)."""
        raise NotImplementedError

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> Self:
        said = cls.form.read(match)
        return cls(said.target.deck_id, said.target.card_id, *said.values, scheduled=said.scheduled,
                   owner=said.target.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: self.respond(interaction), self.where)

    async def respond(self, interaction: discord.Interaction) -> None:
        """Answer the click with `handle`'s reply (deferred first when it is slow).

        A button that answers with a form overrides this: a form must be the click's first answer."""
        if self.edits:
            await edit(interaction, self.handle(interaction))
        else:
            await send(interaction, self.handle(interaction), ephemeral=True)

    async def handle(self, interaction: discord.Interaction) -> Reply:
        raise NotImplementedError

    async def load(self, interaction: discord.Interaction, kind: type[CardT], command: str,
                   what: Named = "question") -> CardT:
        """The card this button names, if the member may see it here and it is still of that kind."""
        return await load_card(interaction, self.deck_id, self.card_id, kind, command, what, owner=self.owner)
