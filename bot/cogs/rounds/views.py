"""Round buttons: `recall:round:<round id>:<position>:<verb>`, and the answer forms `...:os` (open) and
`...:zs` (a cloze gap).

Verbs: `c0`-`c9` pick a choice option (the deck's index), `fr` reveal a flashcard privately, `fk`/`fn`
"I knew it"/"I didn't", `oa` open the answer form (`za` a cloze gap's), `j1`-`j4` join a team, `me` my
place, `rv` review the round's missed cards. The id is attacker input: the pattern is strict, and the service only acts
on a round of the server and channel the click came from, on its current open question.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.app.fallback import guarded
from bot.cogs.cloze.embeds import TypeForm
from bot.cogs.common import Reply, clip, edit, escape, recall_bot, send, stateless_view, utcnow
from bot.cogs.drill.runs import DrillRun, Question
from bot.cogs.drill.views import advance
from bot.cogs.explain.embeds import AnswerForm, grade_lines
from bot.cogs.rounds.embeds import answer_text, place_text, team_name
from bot.core.deck import ChoiceCard, ClozeGap, Flashcard, OpenCard
from bot.core.messages import N_
from bot.i18n.voice import say, say_n
from bot.services.api import Learner
from bot.services.rounds import RoundAnswer, RoundError

if TYPE_CHECKING:
    from bot.app.client import RecallBot

IDS = r"recall:round:(?P<round>[0-9]{1,15}):(?P<pos>[0-9]{1,2})"
BUTTON_TEMPLATE = IDS + r":(?P<verb>c[0-9]|fr|fk|fn|oa|za|j[1-4]|me|rv)"
SUBMIT_TEMPLATE = IDS + r":(?P<form>os|zs)"
INPUT_ID = "answer"
REVIEW_LIMIT = 50
CLOSED = N_("This question is closed. Watch for the next one!")


def custom_id(round_id: int, position: int, verb: str) -> str:
    return f"recall:round:{round_id}:{position}:{verb}"


class RoundButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=BUTTON_TEMPLATE):
    def __init__(self, round_id: int, position: int, verb: str, label: str = "…",
                 style: discord.ButtonStyle = discord.ButtonStyle.secondary, row: int | None = None) -> None:
        super().__init__(discord.ui.Button(label=clip(label, 80), style=style,
                                           custom_id=custom_id(round_id, position, verb), row=row))
        self.round_id, self.position, self.verb = round_id, position, verb

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> RoundButton:
        return cls(int(match["round"]), int(match["pos"]), match["verb"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: self._respond(interaction), f"round {self.verb[:1]}")

    async def _respond(self, interaction: discord.Interaction) -> None:
        verb = self.verb
        if verb in ("oa", "za"):
            await self._open_form(interaction)
        elif verb in ("fk", "fn"):
            await edit(interaction, self._claim(interaction, verb == "fk"))
        else:
            await send(interaction, self._reply(interaction), ephemeral=True)

    async def _reply(self, interaction: discord.Interaction) -> Reply:
        bot = recall_bot(interaction)
        rounds = bot.services.rounds
        where = (interaction.guild_id, interaction.channel_id)
        if self.verb.startswith("c"):
            result = await rounds.answer_choice(*where, self.round_id, self.position, interaction.user.id,
                                                interaction.user.display_name, int(self.verb[1:]), now=utcnow(),
                                                rng=bot.rng)
            return Reply(content=locked_in(bot, self.round_id, result))
        if self.verb == "fr":
            _found, _question, card = await rounds.current_question(*where, self.round_id, self.position, now=utcnow())
            if not isinstance(card, Flashcard):
                raise RoundError(CLOSED)
            view = stateless_view(
                RoundButton(self.round_id, self.position, "fk", say("I knew it"), discord.ButtonStyle.success),
                RoundButton(self.round_id, self.position, "fn", say("I didn't"), discord.ButtonStyle.secondary))
            question = say("Did you know it? (on trust: 50 points, no speed bonus)")
            return Reply(content=f"**{clip(card.front, 300)}**\n{answer_text(card)}\n\n{question}", view=view)
        if self.verb.startswith("j"):
            team = await rounds.join(*where, self.round_id, interaction.user.id, int(self.verb[1:]),
                                     interaction.user.display_name, now=utcnow())
            return Reply(content=say("You're in **{team}**. You can switch until the first question.",
                                     team=team_name(team)))
        if self.verb == "me":
            found = await rounds.round_here(*where, self.round_id)
            return Reply(content=clip(place_text(await rounds.board(found), interaction.user.id), 2000))
        return await review_missed(bot, interaction, self.round_id)

    async def _claim(self, interaction: discord.Interaction, knew: bool) -> Reply:
        bot = recall_bot(interaction)
        result = await bot.services.rounds.answer_flashcard(
            interaction.guild_id, interaction.channel_id, self.round_id, self.position, interaction.user.id,
            interaction.user.display_name, knew, now=utcnow(), rng=bot.rng)
        return Reply(content=locked_in(bot, self.round_id, result))

    async def _open_form(self, interaction: discord.Interaction) -> None:
        bot = recall_bot(interaction)
        _found, _question, card = await bot.services.rounds.current_question(
            interaction.guild_id, interaction.channel_id, self.round_id, self.position, now=utcnow())
        if self.verb == "za" and isinstance(card, ClozeGap):
            await interaction.response.send_modal(TypeForm(custom_id(self.round_id, self.position, "zs"), INPUT_ID, card))
            return
        if self.verb != "oa" or not isinstance(card, OpenCard):
            raise RoundError(CLOSED)
        await interaction.response.send_modal(
            AnswerForm(custom_id(self.round_id, self.position, "os"), INPUT_ID, card.prompt))


def locked_in(bot: RecallBot, round_id: int, result: RoundAnswer) -> str:
    """The member's private receipt; the answer itself is shown to everyone when the question closes."""
    if result.all_in:
        loop = getattr(bot.get_cog("RoundsCog"), "loop", None)
        if loop is not None:
            loop.wake(round_id)
    if result.duplicate:
        return say("You already answered this question; your first answer stands.")
    if isinstance(result.card, Flashcard):
        return say("Recorded: +50 points.") if result.correct else say("Recorded: no points this time.")
    if result.grade is not None:
        lines = [say("You got {hits}/{total} concepts: +{points} points.", hits=result.grade.hits,
                     total=result.grade.total, points=result.points), *grade_lines(result.grade)]
        return clip("\n".join(lines), 2000)
    if result.cloze is not None:
        return cloze_receipt(result)
    if result.correct:
        return say("✓ Right: +{points} points. The answer is shown when the question closes.", points=result.points)
    return say("✗ Not this one. The answer is shown when the question closes.")


def cloze_receipt(result: RoundAnswer) -> str:
    """Right: the points, and any typo that was accepted. Wrong: how many words were there, not which
    (the words are shown to everyone when the question closes)."""
    grade = result.cloze
    assert grade is not None
    if result.correct:
        typos = [say("“{typed}” for {word}", typed=escape(clip(check.typed, 40)), word=escape(check.word))
                 for check in grade.words if check.typed]
        if typos:
            return clip(say("✓ Right: +{points} points. (accepted: {typos})", points=result.points,
                            typos=", ".join(typos)), 2000)
        return say("✓ Right: +{points} points.", points=result.points)
    if grade.too_long:
        return say("✗ Not credited: your answer has many more words than the gap. No points this time.")
    found = sum(1 for check in grade.words if check.matched)
    return say_n("✗ Not this one: {found} of {count} words there. No points; the words are shown when the question "
                 "closes.", "✗ Not this one: {found} of {count} words there. No points; the words are shown when the "
                 "question closes.", len(grade.words), found=found)


async def on_submit(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    bot = recall_bot(interaction)
    round_id, position = int(match["round"]), int(match["pos"])
    answer = bot.services.rounds.answer_cloze if match["form"] == "zs" else bot.services.rounds.answer_open

    async def grade() -> Reply:
        result = await answer(
            interaction.guild_id, interaction.channel_id, round_id, position, interaction.user.id,
            interaction.user.display_name, values.get(INPUT_ID, ""), now=utcnow(), rng=bot.rng)
        return Reply(content=locked_in(bot, round_id, result))

    await send(interaction, grade(), ephemeral=True)


async def review_missed(bot: RecallBot, interaction: discord.Interaction, round_id: int) -> Reply:
    """A private drill of the round's cards this member missed (the /drill flow, from a queue)."""
    missed = await bot.services.rounds.missed_cards(interaction.guild_id, interaction.channel_id, round_id,
                                                    interaction.user.id)
    if missed is None:
        return Reply(content=say("You didn't play in this round. /drill gives you a private run any time."))
    if not missed:
        return Reply(content=say("You missed nothing in this round. 🎉"))
    queue = [Question(ref.deck_id, title, card, ref.owner) for ref, title, card in missed[:REVIEW_LIMIT]]
    run = DrillRun(id="", learner=Learner(interaction.user.id, interaction.guild_id), source="drill",
                   count=len(queue), queue=queue)
    bot.drill_runs.start(run, bot.rng)
    try:
        return await advance(bot, run)
    except Exception:
        bot.drill_runs.end(run.id)
        raise


def question_buttons(round_id: int, position: int, card: object, order: tuple[int, ...]) -> discord.ui.View:
    if isinstance(card, ChoiceCard):
        shown = [index for index in order if index < len(card.options)] or list(range(len(card.options)))
        items = [RoundButton(round_id, position, f"c{index}", f"{chr(ord('A') + spot)}. {card.options[index].text}",
                             row=spot // 5) for spot, index in enumerate(shown)]
        return stateless_view(*items)
    if isinstance(card, Flashcard):
        return stateless_view(RoundButton(round_id, position, "fr", say("Reveal (private)"), discord.ButtonStyle.primary))
    if isinstance(card, OpenCard):
        return stateless_view(RoundButton(round_id, position, "oa", say("Answer"), discord.ButtonStyle.primary))
    if isinstance(card, ClozeGap):
        return stateless_view(RoundButton(round_id, position, "za", say("Answer"), discord.ButtonStyle.primary))
    return stateless_view()


def join_buttons(round_id: int, teams: int) -> discord.ui.View:
    return stateless_view(*(RoundButton(round_id, 0, f"j{team}", say("Join {team}", team=team_name(team)),
                                        discord.ButtonStyle.primary) for team in range(1, teams + 1)))

