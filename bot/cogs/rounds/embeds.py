"""How a round looks: the question, its close (answer, who got it, top 10), the final scores (podium,
per-member summary, most-missed questions; a picture beside the text when Pillow can draw it)."""

from __future__ import annotations

import asyncio
import io
import logging

import discord

from bot.cogs.cloze.embeds import gap_note, shown_text
from bot.cogs.common import clip, escape
from bot.core.deck import AnyCard, ChoiceCard, ClozeGap, Flashcard, OpenCard
from bot.core.messages import N_
from bot.core.rounds import TOP_SHOWN
from bot.i18n.voice import say, say_marked, say_n
from bot.services.round_views import CloseView, FinalView, QuestionView, Scoreboard, ScoreLine

log = logging.getLogger("recall.rounds")

COLOUR = discord.Colour.orange()
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
TEAM_COLOURS = {1: "🔴", 2: "🔵", 3: "🟢", 4: "🟡"}
POINTS_RULE = N_("Points: a right answer earns 100 × (0.5 + 0.5 × time left ÷ question time), so 50-100 by speed "
                 "(a cloze gap too: its missing words typed, small typos allowed); a flashcard “I knew it” 50; an "
                 "open answer that share of 100 by concepts hit, times the same speed factor; a wrong answer 0. "
                 "Equal totals share a rank.")
REMOVED = N_("(this card was removed from the deck)")


def team_name(team: int) -> str:
    """`Team 1 🔴` in the current language."""
    if team in TEAM_COLOURS:
        return say("Team {team} {colour}", team=str(team), colour=TEAM_COLOURS[team])
    return say("Team {team}", team=str(team))


def who(name: str, user_id: int) -> str:
    return escape(clip(name, 40)) if name else say("member {id}", id=str(user_id))


def card_text(card: AnyCard | None) -> str:
    if card is None:
        return say_marked(REMOVED)
    if isinstance(card, ChoiceCard):
        return card.question
    if isinstance(card, Flashcard):
        return card.front
    if isinstance(card, OpenCard):
        return card.prompt
    if isinstance(card, ClozeGap):
        return card.blanked  # the gap's words blanked, the card's other gaps shown, as /flashcard asks it
    return str(getattr(card, "title", ""))


def question_content(view: QuestionView) -> str:
    deadline = (view.question.deadline_ms or 0) // 1000
    return say("🎯 **{marker}** of {count} · closes <t:{deadline}:R>", marker=view.marker,
               count=view.round.question_count, deadline=str(deadline))


def question_embed(view: QuestionView) -> discord.Embed:
    card = view.card
    how = say_marked(HOW_TO_ANSWER[view.question.kind]) if view.question.kind in HOW_TO_ANSWER else ""
    embed = discord.Embed(title=say("Question {number}", number=view.question.position + 1),
                          description=clip(card_text(card), 4000), colour=COLOUR)
    if isinstance(card, ClozeGap):
        how = f"{gap_note(card)} · {how}"
    embed.set_footer(text=clip(" · ".join([view.deck_title, how, say("faster answers earn more")]), 2048))
    if card is not None and card.web_image:  # a picture from the deck's media folder is not a URL: left out
        embed.set_image(url=card.web_image)
    return embed


HOW_TO_ANSWER = {"choice": N_("pick one answer"), "flashcard": N_("reveal it privately, then say if you knew it"),
                 "open": N_("click Answer and explain"), "cloze": N_("click Answer and type the missing words")}


def board_lines(board: Scoreboard, limit: int = TOP_SHOWN) -> list[str]:
    lines = []
    if board.teams:
        lines.append(" · ".join(f"{MEDALS.get(t.rank, f'#{t.rank}')} {team_name(t.team)} **{t.points}**"
                                for t in board.teams))
    for line in board.members[:limit]:
        team = f" ({team_name(line.team)})" if line.team else ""
        lines.append(f"{MEDALS.get(line.rank, f'#{line.rank}')} {who(line.name, line.user_id)}{team} — {line.points}")
    if len(board.members) > limit:
        lines.append(say_n("…and {count} more player", "…and {count} more players", len(board.members) - limit))
    return lines or [say("Nobody has scored yet.")]


def answer_text(card: AnyCard | None) -> str:
    if isinstance(card, ChoiceCard):
        right = card.options[card.correct_index].text
        return f"{say('**Answer:** {answer}', answer=escape(right))}\n{card.explanation}".strip()
    if isinstance(card, Flashcard):
        return say("**Answer:** {answer}", answer=card.back)
    if isinstance(card, OpenCard):
        concepts = ", ".join(concept.name for concept in card.concepts)
        model = f"\n{card.model_answer}" if card.model_answer else ""
        return say("**Concepts:** {concepts}", concepts=concepts) + model
    if isinstance(card, ClozeGap):
        words = " · ".join(escape(words) for words in card.answers)
        extra = f"\n{card.card.extra}" if card.card.extra else ""
        return f"{say('**Missing words:** {words}', words=words)}\n{shown_text(card)}{extra}"
    return say_marked(REMOVED)


def close_embed(view: CloseView) -> discord.Embed:
    embed = discord.Embed(title=say("Question {number} — closed", number=view.question.position + 1),
                          description=clip(card_text(view.card), 1000), colour=discord.Colour.dark_grey())
    embed.add_field(name=say("The answer"), value=clip(answer_text(view.card), 1024), inline=False)
    right = ", ".join(f"{who(name, 0)} (+{points})" for name, points in view.right[:15])
    if len(view.right) > 15:
        right = say("{names} and {count} more", names=right, count=len(view.right) - 15)
    if right:
        got = say_n("{right} of {count} answer right: {names}", "{right} of {count} answers right: {names}",
                    view.answered, right=len(view.right), names=right)
    else:
        got = say_n("{right} of {count} answer right", "{right} of {count} answers right", view.answered,
                    right=len(view.right))
    embed.add_field(name=say("Who got it"), value=clip(got, 1024), inline=False)
    embed.add_field(name=say_n("Scores after {count} question", "Scores after {count} questions", view.board.closed),
                    value=clip("\n".join(board_lines(view.board)), 1024), inline=False)
    return embed


def close_content(view: CloseView) -> str:
    return say("🎯 **Round {id} · question {number}** of {count} · closed", id=str(view.round.id),
               number=view.question.position + 1, count=view.round.question_count)


def final_embed(view: FinalView) -> discord.Embed:
    board = view.board
    title = say("Final scores (stopped early)") if view.round.state == "stopped" else say("Final scores")
    embed = discord.Embed(title=title, colour=discord.Colour.gold())
    podium = [f"{MEDALS[line.rank]} {who(line.name, line.user_id)} — {line.points}"
              for line in board.members if line.rank in MEDALS]
    if board.teams:
        podium.insert(0, " · ".join(f"{MEDALS.get(t.rank, f'#{t.rank}')} {team_name(t.team)} **{t.points}**"
                                    for t in board.teams))
    embed.description = clip("\n".join(podium) or say("Nobody played this round."), 4096)
    summary = [summary_line(line) for line in board.members[:20]]
    if len(board.members) > 20:
        summary.append(say_n("…and {count} more player (/round scores)", "…and {count} more players (/round scores)",
                             len(board.members) - 20))
    if summary:
        embed.add_field(name=say("Everyone"), value=clip("\n".join(summary), 1024), inline=False)
    missed = [say("Q{number}: {question} — missed by {count}", number=m.position + 1,
                  question=clip(card_text(m.card), 80), count=m.missed) for m in view.most_missed]
    if missed:
        embed.add_field(name=say("Most missed"), value=clip("\n".join(missed), 1024), inline=False)
    embed.set_footer(text=say_n("{count} questions · “Review these” starts a private drill of the ones you missed",
                                "{count} questions · “Review these” starts a private drill of the ones you missed",
                                board.closed))
    return embed


def summary_line(line: ScoreLine) -> str:
    """`#2 Ana: 180 points, 2/3 right (Team 1 🔴)`."""
    name = who(line.name, line.user_id)
    if line.team:
        return say("#{rank} {name}: {points} points, {right}/{answered} right ({team})", rank=line.rank, name=name,
                   points=str(line.points), right=line.correct, answered=line.answered, team=team_name(line.team))
    return say("#{rank} {name}: {points} points, {right}/{answered} right", rank=line.rank, name=name,
               points=str(line.points), right=line.correct, answered=line.answered)


def final_content(view: FinalView) -> str:
    return f"🏁 **{view.marker}**"


async def scoreboard_picture(view: FinalView) -> discord.File | None:
    """The final scores as a PNG (bot.ops.scoreboard_image), drawn off the event loop; None when it can't be
    drawn (the text has every number: a picture that fails is logged, not fatal)."""
    if not view.board.members:
        return None
    try:
        from bot.ops.font_fallback import drawable_language  # Pillow, loaded when first drawn

        with drawable_language():  # English where the font can't write the language (Japanese)
            rows = [(line.rank, line.name or say("member {id}", id=str(line.user_id)), line.points,
                     team_name(line.team) if line.team else None) for line in view.board.members[:TOP_SHOWN]]
            title = say("Round {id} — final scores", id=str(view.round.id))
        png = await asyncio.to_thread(_draw, title, rows)
    except Exception:
        log.exception("round %d: the scoreboard picture could not be drawn", view.round.id)
        return None
    return discord.File(io.BytesIO(png), filename="round-scores.png")


def _draw(title: str, rows: list[tuple[int, str, int, str | None]]) -> bytes:
    from bot.ops.scoreboard_image import ScoreRow, render_scoreboard  # Pillow, loaded when first drawn

    return render_scoreboard(title, [ScoreRow(rank=r, name=n, points=p, team=t) for r, n, p, t in rows])


def place_text(board: Scoreboard, user_id: int) -> str:
    mine = board.place_of(user_id)
    head = "\n".join([say_n("Round {id} after {count} question:", "Round {id} after {count} questions:", board.closed,
                             id=str(board.round.id)), *board_lines(board)])
    if mine is None:
        return head + "\n\n" + say("You haven't scored in this round.")
    if mine.team:
        place = say("**Your place:** #{rank} of {players}, {points} points for {team}.", rank=mine.rank,
                    players=len(board.members), points=str(mine.points), team=team_name(mine.team))
    else:
        place = say("**Your place:** #{rank} of {players}, {points} points.", rank=mine.rank,
                    players=len(board.members), points=str(mine.points))
    return head + "\n\n" + place
