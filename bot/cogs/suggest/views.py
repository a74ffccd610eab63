"""The suggestion buttons and forms: Accept / Edit / Reject in a deck's queue, "Edit card" (any card of the
server's copy of a deck, for the queue's sections), "Try again" on a refused form, and the form submits.

Every button and form checks, at the click, that the member may review in the server the click comes from
(`require_reviewer`), and every id it carries is looked up in that server only: a forged id, or a button
posted in another server, finds nothing to change. Custom ids are listed in bot/cogs/suggest/forms.py;
the buttons are `recall:suggest:<accept|edit|reject>:<id>`, `recall:card:edit:<deck>:<card>`,
`recall:suggest:retry:<token>`.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any, cast

import discord

from bot.app.fallback import guarded
from bot.cogs.admin.reviewers import require_reviewer
from bot.cogs.common import SLUG, Reply, clip, escape, recall_bot, send, stateless_view, utcnow
from bot.cogs.language.voices import member_language
from bot.cogs.suggest.forms import DRAFTS, CardForm, Draft, ReasonForm, card_title, edit_title, suggest_title
from bot.core.card_forms import FORM_KINDS, FormKind
from bot.core.deck import LEVELS
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked, speaking
from bot.services.errors import RecallError
from bot.services.suggestions import AcceptDecision, SuggestionRejected

log = logging.getLogger("recall.suggest")

NEW_FORM = rf"recall:suggest:new:(?P<kind>{'|'.join(FORM_KINDS)}):(?P<level>{'|'.join(LEVELS)}):(?P<deck>{SLUG})"
EDIT_FORM = r"recall:suggest:editform:(?P<id>[0-9]{1,19})"
REJECT_FORM = r"recall:suggest:rejectform:(?P<id>[0-9]{1,19})"
CARD_FORM = rf"recall:card:save:(?P<deck>{SLUG}):(?P<card>{SLUG})"


def _suggestions(interaction: discord.Interaction) -> Any:
    return recall_bot(interaction).services.suggestions


def refused_reply(interaction: discord.Interaction, refused: SuggestionRejected, *, form_id: str, title: str,
                  kind: FormKind, with_concepts: bool = False) -> Reply:
    """What to fix, and a "Try again" button that reopens the form with the text typed."""
    token = DRAFTS.keep(Draft(interaction.user.id, interaction.guild_id or 0, form_id, title, kind, with_concepts,
                              refused.values, time.monotonic()))
    lines = "\n".join(f"• {escape(clip(say_marked(problem), 300))}" for problem in refused.problems[:8])
    head = say("That card can't be saved yet. Fix this and try again (your text is kept):")
    return Reply(content=clip(f"{head}\n{lines}", 2000), view=stateless_view(TryAgainButton(token)))


def accepted_reply(decision: AcceptDecision) -> Reply:
    """The verdict; an accepted card comes with its "Edit card" button (a typo seen after accepting)."""
    message = say_marked(decision.message)  # marked where the service decided (bot.services.suggestions)
    if not decision.accepted or decision.card_id is None or decision.deck_id is None:
        return Reply(content=message)
    return Reply(content=message, view=stateless_view(EditCardButton(decision.deck_id, decision.card_id)))


class TryAgainButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                     template=r"recall:suggest:retry:(?P<token>[A-Za-z0-9_-]{1,40})"):
    def __init__(self, token: str) -> None:
        super().__init__(discord.ui.Button(label=say("Try again"), style=discord.ButtonStyle.primary,
                                           custom_id=f"recall:suggest:retry:{token}"))
        self.token = token

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> TryAgainButton:
        return cls(match["token"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: self._reopen(interaction), "suggest retry")  # i18n: not shown (log label)

    async def _reopen(self, interaction: discord.Interaction) -> None:
        draft = DRAFTS.take(self.token, interaction.user.id, interaction.guild_id)
        if draft is None:
            raise RecallError(N_("That draft is gone (it is kept 30 minutes, until a restart); open the form again."))
        await interaction.response.send_modal(CardForm(draft.form_id, draft.title, draft.kind, draft.values,
                                                       with_concepts=draft.with_concepts))


_STYLES = {"accept": discord.ButtonStyle.success, "edit": discord.ButtonStyle.primary,
           "reject": discord.ButtonStyle.danger}
_LABELS = {"accept": N_("Accept #{id}"), "edit": N_("Edit #{id}"), "reject": N_("Reject #{id}")}
# A suggestion decided meanwhile; any other state reads as "decided".
_ALREADY = {"accepted": N_("Suggestion #{id} was already accepted; nothing was changed."),
            "rejected": N_("Suggestion #{id} was already rejected; nothing was changed.")}
_ALREADY_DECIDED = N_("Suggestion #{id} was already decided; nothing was changed.")


class SuggestionButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                       template=r"recall:suggest:(?P<verb>accept|edit|reject):(?P<id>[0-9]{1,19})"):
    def __init__(self, verb: str, suggestion_id: int) -> None:
        super().__init__(discord.ui.Button(label=say_marked(_LABELS[verb], id=str(suggestion_id)), style=_STYLES[verb],
                                           custom_id=f"recall:suggest:{verb}:{suggestion_id}"))
        self.verb, self.suggestion_id = verb, suggestion_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> SuggestionButton:
        return cls(match["verb"], int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: self._act(interaction), f"suggestion {self.verb}")

    async def _act(self, interaction: discord.Interaction) -> None:
        guild_id = await require_reviewer(interaction)
        service = _suggestions(interaction)
        if self.verb == "reject":
            row = await service.suggestion(guild_id, self.suggestion_id)
            if row.status != "pending":
                raise RecallError(_ALREADY.get(row.status, _ALREADY_DECIDED), id=str(row.id))
            await interaction.response.send_modal(ReasonForm(f"recall:suggest:rejectform:{row.id}", row.id))
        elif self.verb == "edit":
            row, values = await service.review_form(guild_id, self.suggestion_id)
            await interaction.response.send_modal(CardForm(
                f"recall:suggest:editform:{row.id}", edit_title(row.id), cast(FormKind, row.kind), values,
                with_concepts=True))
        else:
            async def work() -> Reply:
                decision = await service.accept(guild_id, self.suggestion_id, reviewer=interaction.user.id, now=utcnow())
                return accepted_reply(decision)
            await send(interaction, work(), ephemeral=True)


class EditCardButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                     template=rf"recall:card:edit:(?P<deck>{SLUG}):(?P<card>{SLUG}(?::c[0-9]{{1,3}})?)"):
    """Opens a card of the clicking server's copy of a deck in its form, filled in; saving stores the edit in
    that server's overlay only (built-in decks included). For any queue section: `EditCardButton(deck, card)`."""

    def __init__(self, deck_id: str, card_id: str) -> None:
        super().__init__(discord.ui.Button(label=clip(say("Edit card {card}", card=card_id), 80),
                                           style=discord.ButtonStyle.primary,
                                           custom_id=f"recall:card:edit:{deck_id}:{card_id}"))
        self.deck_id, self.card_id = deck_id, card_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> EditCardButton:
        return cls(match["deck"], match["card"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: self._open(interaction), "card edit")  # i18n: not shown (log label)

    async def _open(self, interaction: discord.Interaction) -> None:
        guild_id = await require_reviewer(interaction)
        card, values = _suggestions(interaction).card_form_of(guild_id, self.deck_id, self.card_id)
        await interaction.response.send_modal(CardForm(
            f"recall:card:save:{self.deck_id}:{card.id}", card_title(card.id), card.kind, values, with_concepts=True))


# --- form submits (routed by bot.app.fallback) -------------------------------------------------------------
async def on_new(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    kind = cast(FormKind, match["kind"])

    async def work() -> Reply:
        if interaction.guild_id is None:
            raise RecallError(N_("Suggestions are per server: use /suggest in a server."))
        try:
            row = await _suggestions(interaction).suggest(
                interaction.guild_id, interaction.user.id, interaction.user.display_name, match["deck"], kind, values,
                level=match["level"], now=utcnow())
        except SuggestionRejected as refused:
            return refused_reply(interaction, refused, form_id=match.string, title=suggest_title(kind), kind=kind)
        return Reply(content=say("Thanks! Suggestion #{id} for `{deck}` is waiting for this server's reviewers.",
                                 id=str(row.id), deck=row.deck_id))

    await send(interaction, work(), ephemeral=True)


async def on_edit(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    async def work() -> Reply:
        guild_id = await require_reviewer(interaction)
        service = _suggestions(interaction)
        try:
            decision = await service.accept(guild_id, int(match["id"]), reviewer=interaction.user.id, now=utcnow(),
                                            values=values)
        except SuggestionRejected as refused:
            row = await service.suggestion(guild_id, int(match["id"]))
            return refused_reply(interaction, refused, form_id=match.string, title=edit_title(row.id),
                                 kind=cast(FormKind, row.kind), with_concepts=True)
        return accepted_reply(decision)

    await send(interaction, work(), ephemeral=True)


async def on_card_save(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    async def work() -> Reply:
        guild_id = await require_reviewer(interaction)
        service = _suggestions(interaction)
        card, _old = service.card_form_of(guild_id, match["deck"], match["card"])
        try:
            saved = await service.edit_card(guild_id, match["deck"], match["card"], values,
                                            editor=interaction.user.id, now=utcnow())
        except SuggestionRejected as refused:
            return refused_reply(interaction, refused, form_id=match.string, title=card_title(card.id), kind=card.kind,
                                 with_concepts=True)
        return Reply(content=say("Saved: this server's copy of `{deck}` now shows your edit of `{card}`.",
                                 deck=match["deck"], card=saved.id))

    await send(interaction, work(), ephemeral=True)


async def on_reject(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    async def work() -> Reply:
        guild_id = await require_reviewer(interaction)
        reason = str(values.get("reason") or "").strip() or say("No reason given.")
        service = _suggestions(interaction)
        decision = await service.reject(guild_id, int(match["id"]), reason=reason, reviewer=interaction.user.id,
                                        now=utcnow())
        message = say_marked(decision.message)  # marked where the service decided (bot.services.suggestions)
        if decision.notify is None:
            return Reply(content=message)
        told = await _tell_author(interaction, decision.notify.user_id, decision.notify.deck_id, reason)
        await service.dm_done(decision.notify.id, told)
        tail = say("The author was told by DM.") if told else say("The author's DMs are closed: they weren't told (logged).")
        return Reply(content=f"{message} {tail}")

    await send(interaction, work(), ephemeral=True)


async def _tell_author(interaction: discord.Interaction, user_id: int, deck_id: str, reason: str) -> bool:
    # A DM to the author, not to the reviewer: in the author's last seen client language (when they suggested it).
    with speaking(await member_language(recall_bot(interaction), user_id)):
        server = interaction.guild.name if interaction.guild is not None else say("the server")
        text = clip(say("Your suggested card for `{deck}` in **{server}** was not accepted.", deck=deck_id,
                        server=escape(server)) + "\n" + say("Reason: {reason}", reason=escape(reason)), 2000)
    try:
        user = await recall_bot(interaction).fetch_user(user_id)
        await user.send(text, allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException as error:
        log.info("could not DM the author of a rejected suggestion (%s): %s", user_id, error.status)
        return False
    return True
