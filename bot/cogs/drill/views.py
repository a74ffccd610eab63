"""Drill buttons: `recall:drill:<action>:<run>:<position>[:<arg>]`, and the form `recall:drill:submit:<run>:<position>`.

Every step edits the member's private message in place: question -> verdict -> next question ->
summary. A click for another position (a double click, an old message) or a run that no longer
exists gets a polite message instead of being counted again.
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.app.fallback import guarded
from bot.cogs.card_ids import button_owner
from bot.cogs.cloze import embeds as cloze_embeds
from bot.cogs.cloze.embeds import TypeForm
from bot.cogs.common import Reply, edit, recall_bot, stateless_view, utcnow
from bot.cogs.drill import embeds
from bot.cogs.drill.runs import DrillRun, Question
from bot.cogs.explain.embeds import AnswerForm
from bot.cogs.flashcard.embeds import rating_label
from bot.cogs.reports.views import report_buttons
from bot.core.cloze import plain
from bot.core.deck import ChoiceCard, ClozeGap, Flashcard, OpenCard
from bot.core.messages import N_
from bot.core.srs import FlashRating
from bot.i18n.voice import say, say_n
from bot.services.errors import RecallError

if TYPE_CHECKING:
    from bot.app.client import RecallBot

GONE = N_("This drill has ended (it lasts 15 minutes, and a restart ends it). Start a new one with /drill or /review.")
STALE = N_("That question is already answered: use the buttons on the latest question.")
SUBMIT_TEMPLATE = r"recall:drill:submit:(?P<run>[0-9a-f]{8}):(?P<pos>[0-9]{1,3})"
RATINGS = {rating.name.lower(): rating for rating in FlashRating}


def button(action: str, run: DrillRun, label: str, style: discord.ButtonStyle, arg: str = "", row: int | None = None) -> DrillButton:
    item = DrillButton(action, run.id, run.position, arg, label, style)
    if row is not None:
        item.row = row
    return item


class DrillButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"recall:drill:(?P<action>show|rate|pick|answer|next):(?P<run>[0-9a-f]{8}):(?P<pos>[0-9]{1,3})(?::(?P<arg>[a-z0-9]{1,6}))?",
):
    def __init__(self, action: str, run_id: str, position: int, arg: str = "", label: str = "…",
                 style: discord.ButtonStyle = discord.ButtonStyle.secondary) -> None:
        suffix = f":{arg}" if arg else ""
        super().__init__(discord.ui.Button(label=label[:80], style=style, custom_id=f"recall:drill:{action}:{run_id}:{position}{suffix}"))
        self.action, self.run_id, self.position, self.arg = action, run_id, position, arg

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> DrillButton:
        return cls(match["action"], match["run"], int(match["pos"]), match["arg"] or "")

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: self._step(interaction), f"drill {self.action}")

    async def _step(self, interaction: discord.Interaction) -> None:
        bot = recall_bot(interaction)
        run = bot.drill_runs.get(self.run_id, interaction.user.id)
        if run is None:
            raise RecallError(GONE)
        if self.position != run.position or (self.action != "next") == run.answered or run.busy:
            raise RecallError(STALE)
        if self.action == "answer":
            assert run.current is not None
            card = run.current.card
            form_id = f"recall:drill:submit:{run.id}:{run.position}"
            if isinstance(card, ClozeGap):
                await interaction.response.send_modal(TypeForm(form_id, "answer", card))
                return
            assert isinstance(card, OpenCard)
            await interaction.response.send_modal(AnswerForm(form_id, "answer", card.prompt))
            return
        steps = {"show": show_back, "rate": rate, "pick": pick, "next": advance}
        run.busy = True
        try:
            await edit(interaction, steps[self.action](bot, run, self.arg))
        finally:
            run.busy = False


async def on_submit(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    bot = recall_bot(interaction)
    run = bot.drill_runs.get(match["run"], interaction.user.id)
    if run is None:
        raise RecallError(GONE)
    if int(match["pos"]) != run.position or run.answered or run.busy:
        raise RecallError(STALE)
    run.busy = True
    try:
        grade = grade_gap if run.current is not None and isinstance(run.current.card, ClozeGap) else grade_open
        await edit(interaction, grade(bot, run, values.get("answer", "")))
    finally:
        run.busy = False


def question_reply(run: DrillRun, rng: random.Random) -> Reply:
    question = run.current
    assert question is not None
    card = question.card
    buttons = []
    if isinstance(card, Flashcard):
        buttons.append(button("show", run, say("Reveal answer"), discord.ButtonStyle.primary))
    elif isinstance(card, ClozeGap):  # reveal and rate, or type the missing words
        buttons.append(button("show", run, say("Reveal"), discord.ButtonStyle.primary))
        buttons.append(button("answer", run, say("Type it"), discord.ButtonStyle.secondary))
    elif isinstance(card, ChoiceCard):
        order = list(range(len(card.options)))
        rng.shuffle(order)
        for position, index in enumerate(order):
            label = f"{chr(ord('A') + position)}. {card.options[index].text}"
            buttons.append(button("pick", run, label, discord.ButtonStyle.secondary, str(index), row=position // 5))
    else:
        buttons.append(button("answer", run, say("Answer"), discord.ButtonStyle.primary))
    return Reply(embed=embeds.question_embed(run, question), view=stateless_view(*buttons))


def _after_answer_view(run: DrillRun) -> discord.ui.View:
    last = run.position >= run.count
    items: list[discord.ui.Item[Any]] = [
        button("next", run, say("See summary") if last else say("Next question"), discord.ButtonStyle.success)]
    question = run.current
    if question is not None and not isinstance(question.card, ClozeGap):  # a gap's card isn't reported alone
        guild_id = run.learner.guild_id
        items += report_buttons(question.deck_id, question.card.id, owner=button_owner(question.deck_guild, guild_id),
                                guild_id=guild_id)
    return stateless_view(*items)


async def show_back(bot: RecallBot, run: DrillRun, arg: str) -> Reply:
    question = run.current
    assert question is not None
    styles = ("danger", "secondary", "primary", "success")
    view = stateless_view(*(button("rate", run, rating_label(rating), getattr(discord.ButtonStyle, style), name)
                            for (name, rating), style in zip(RATINGS.items(), styles, strict=True)))
    reply = Reply(embed=embeds.back_embed(run, question), view=view)
    card = question.card
    if isinstance(card, Flashcard):  # the back's formulas too: the picture of the front and back replaces the front's
        reply = await bot.card_media.attach(reply, question.deck_id, card, [card.front, card.back],
                                            owner=question.deck_guild)
        reply.replace_files = True
    elif isinstance(card, ClozeGap):  # the whole text's formulas (the question's showed the gap blanked)
        reply = await bot.card_media.attach(reply, question.deck_id, card,
                                            [plain(card.card.text), *([card.card.extra] if card.card.extra else [])])
        reply.replace_files = True
    return reply


async def rate(bot: RecallBot, run: DrillRun, arg: str) -> Reply:
    question = run.current
    assert question is not None and arg in RATINGS
    outcome = await bot.services.recall.rate_flashcard(
        run.learner, question.deck_id, question.card.id, RATINGS[arg], now=utcnow(), rng=bot.rng,
        source=run.source, question_key=run.question_key(), deck_guild=question.deck_guild,
    )
    run.record(outcome.correct, outcome.streak, duplicate=outcome.duplicate)
    embed = embeds.back_embed(run, question)
    points = say_n("+{count} point", "+{count} points", outcome.points)
    embed.add_field(name=say("Your rating"), value=f"{rating_label(RATINGS[arg])} · {points}", inline=False)
    return Reply(embed=embed, view=_after_answer_view(run))


async def pick(bot: RecallBot, run: DrillRun, arg: str) -> Reply:
    question = run.current
    assert question is not None and isinstance(question.card, ChoiceCard)
    card = question.card
    outcome = await bot.services.recall.answer_choice(
        run.learner, question.deck_id, card.id, int(arg), now=utcnow(), rng=bot.rng,
        source=run.source, question_key=run.question_key(), deck_guild=question.deck_guild,
    )
    run.record(outcome.correct, outcome.streak, duplicate=outcome.duplicate)
    answer = card.options[outcome.correct_index if outcome.correct_index is not None else card.correct_index].text
    headline = say("✓ Correct") if outcome.correct else say("✗ Incorrect")
    details = [card.question, "", say("The answer is **{answer}**.", answer=answer), card.explanation,
               say_n("+{count} point", "+{count} points", outcome.points)]
    return Reply(embed=embeds.verdict_embed(run, question, headline, details, outcome.correct), view=_after_answer_view(run))


async def grade_open(bot: RecallBot, run: DrillRun, text: str) -> Reply:
    question = run.current
    assert question is not None and isinstance(question.card, OpenCard)
    outcome = await bot.services.recall.answer_open(
        run.learner, question.deck_id, question.card.id, text[:4000], now=utcnow(), rng=bot.rng,
        source=run.source, question_key=run.question_key(), deck_guild=question.deck_guild,
    )
    grade = outcome.grade
    missed = [v.name for v in grade.concepts if not v.hit] if grade else []
    run.record(outcome.correct, outcome.streak, missed, duplicate=outcome.duplicate)
    lines = [f"{'✓' if v.hit else '✗'} {v.name}" for v in grade.concepts] if grade else []
    headline = say("You got {hits}/{total} concepts", hits=grade.hits, total=grade.total) if grade else say(
        "Answer recorded")
    details = [*embeds.open_details(question.card, lines, bool(missed)),
               say_n("+{count} point", "+{count} points", outcome.points)]
    return Reply(embed=embeds.verdict_embed(run, question, headline, details, outcome.correct), view=_after_answer_view(run))


async def grade_gap(bot: RecallBot, run: DrillRun, text: str) -> Reply:
    question = run.current
    assert question is not None and isinstance(question.card, ClozeGap)
    outcome = await bot.services.recall.answer_cloze(
        run.learner, question.deck_id, question.card.id, text[:4000], now=utcnow(), rng=bot.rng,
        source=run.source, question_key=run.question_key(), deck_guild=question.deck_guild,
    )
    run.record(outcome.correct, outcome.streak, duplicate=outcome.duplicate)
    embed = cloze_embeds.typed_embed(question.card, outcome, text[:4000])
    embed.set_footer(text=f"{embeds.footer(run, question)} · {embed.footer.text}")
    return Reply(embed=embed, view=_after_answer_view(run))


async def advance(bot: RecallBot, run: DrillRun, arg: str = "") -> Reply:
    """The next question, or the summary once the run is complete."""
    if run.position >= run.count:
        bot.drill_runs.end(run.id)
        return Reply(embed=embeds.summary_embed(run), replace_files=True)  # the last card's files go
    if run.queue:
        run.current = run.queue[run.position]
    else:
        drawn = await bot.services.recall.next_card(
            run.learner, now=utcnow(), rng=bot.rng, deck_id=run.deck_id, level=run.level, kind=run.kind
        )
        run.current = Question(drawn.deck_id, drawn.deck_title, drawn.card, drawn.deck_guild)
    run.position += 1
    run.answered = False
    question = run.current
    reply = await bot.card_media.attach(question_reply(run, bot.rng), question.deck_id, question.card,
                                        [question.card.title], owner=question.deck_guild)
    reply.replace_files = True  # the previous card's picture, sound and formulas go
    return reply
