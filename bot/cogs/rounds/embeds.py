"""How a round looks: the question, its close (answer, who got it, top 10), the final scores (podium,
per-member summary, most-missed questions; a picture beside the text when Pillow can draw it)."""

from __future__ import annotations

import asyncio
import io
import logging

import discord

from bot.cogs.cloze.embeds import gap_note, shown_text
from bot.cogs.common import clip, escape, plural
from bot.core.deck import AnyCard, ChoiceCard, ClozeGap, Flashcard, OpenCard
from bot.core.rounds import TOP_SHOWN
from bot.services.round_views import CloseView, FinalView, QuestionView, Scoreboard

log = logging.getLogger("recall.rounds")

COLOUR = discord.Colour.orange()
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
TEAM_NAMES = {1: "Team 1 🔴", 2: "Team 2 🔵", 3: "Team 3 🟢", 4: "Team 4 🟡"}
POINTS_RULE = ("Points: a right answer earns 100 × (0.5 + 0.5 × time left ÷ question time), so 50-100 by speed "
               "(a cloze gap too: its missing words typed, small typos allowed); a flashcard “I knew it” 50; an "
               "open answer that share of 100 by concepts hit, times the same speed factor; a wrong answer 0. "
               "Equal totals share a rank.")


def team_name(team: int) -> str:
    return TEAM_NAMES.get(team, f"Team {team}")


def who(name: str, user_id: int) -> str:
    return escape(clip(name, 40)) if name else f"member {user_id}"


def card_text(card: AnyCard | None) -> str:
    if card is None:
        return "(this card was removed from the deck)"
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
    return f"🎯 **{view.marker}** of {view.round.question_count} · closes <t:{deadline}:R>"


def question_embed(view: QuestionView) -> discord.Embed:
    card = view.card
    how = {"choice": "pick one answer", "flashcard": "reveal it privately, then say if you knew it",
           "open": "click Answer and explain",
           "cloze": "click Answer and type the missing words"}.get(view.question.kind, "")
    embed = discord.Embed(title=f"Question {view.question.position + 1}", description=clip(card_text(card), 4000),
                          colour=COLOUR)
    if isinstance(card, ClozeGap):
        how = f"{gap_note(card)} · {how}"
    embed.set_footer(text=clip(f"{view.deck_title} · {how} · faster answers earn more", 2048))
    if card is not None and card.web_image:  # a picture from the deck's media folder is not a URL: left out
        embed.set_image(url=card.web_image)
    return embed


def board_lines(board: Scoreboard, limit: int = TOP_SHOWN) -> list[str]:
    lines = []
    if board.teams:
        lines.append(" · ".join(f"{MEDALS.get(t.rank, f'#{t.rank}')} {team_name(t.team)} **{t.points}**"
                                for t in board.teams))
    for line in board.members[:limit]:
        team = f" ({team_name(line.team)})" if line.team else ""
        lines.append(f"{MEDALS.get(line.rank, f'#{line.rank}')} {who(line.name, line.user_id)}{team} — {line.points}")
    if len(board.members) > limit:
        lines.append(f"…and {plural(len(board.members) - limit, 'more player')}")
    return lines or ["Nobody has scored yet."]


def answer_text(card: AnyCard | None) -> str:
    if isinstance(card, ChoiceCard):
        right = card.options[card.correct_index].text
        return f"**Answer:** {escape(right)}\n{card.explanation}".strip()
    if isinstance(card, Flashcard):
        return f"**Answer:** {card.back}"
    if isinstance(card, OpenCard):
        concepts = ", ".join(concept.name for concept in card.concepts)
        model = f"\n{card.model_answer}" if card.model_answer else ""
        return f"**Concepts:** {concepts}{model}"
    if isinstance(card, ClozeGap):
        words = " · ".join(escape(words) for words in card.answers)
        extra = f"\n{card.card.extra}" if card.card.extra else ""
        return f"**Missing words:** {words}\n{shown_text(card)}{extra}"
    return "(this card was removed from the deck)"


def close_embed(view: CloseView) -> discord.Embed:
    embed = discord.Embed(title=f"Question {view.question.position + 1} — closed",
                          description=clip(card_text(view.card), 1000), colour=discord.Colour.dark_grey())
    embed.add_field(name="The answer", value=clip(answer_text(view.card), 1024), inline=False)
    right = ", ".join(f"{who(name, 0)} (+{points})" for name, points in view.right[:15])
    if len(view.right) > 15:
        right += f" and {len(view.right) - 15} more"
    got = f"{len(view.right)} of {plural(view.answered, 'answer')} right" + (f": {right}" if right else "")
    embed.add_field(name="Who got it", value=clip(got, 1024), inline=False)
    embed.add_field(name=f"Scores after {plural(view.board.closed, 'question')}",
                    value=clip("\n".join(board_lines(view.board)), 1024), inline=False)
    return embed


def close_content(view: CloseView) -> str:
    return f"🎯 **Round {view.round.id} · question {view.question.position + 1}** of {view.round.question_count} · closed"


def final_embed(view: FinalView) -> discord.Embed:
    board = view.board
    stopped = " (stopped early)" if view.round.state == "stopped" else ""
    embed = discord.Embed(title=f"Final scores{stopped}", colour=discord.Colour.gold())
    podium = [f"{MEDALS[line.rank]} {who(line.name, line.user_id)} — {line.points}"
              for line in board.members if line.rank in MEDALS]
    if board.teams:
        podium.insert(0, " · ".join(f"{MEDALS.get(t.rank, f'#{t.rank}')} {team_name(t.team)} **{t.points}**"
                                    for t in board.teams))
    embed.description = clip("\n".join(podium) or "Nobody played this round.", 4096)
    summary = [f"#{line.rank} {who(line.name, line.user_id)}: {line.points} points, {line.correct}/{line.answered} right"
               + (f" ({team_name(line.team)})" if line.team else "")
               for line in board.members[:20]]
    if len(board.members) > 20:
        summary.append(f"…and {plural(len(board.members) - 20, 'more player')} (/round scores)")
    if summary:
        embed.add_field(name="Everyone", value=clip("\n".join(summary), 1024), inline=False)
    missed = [f"Q{m.position + 1}: {clip(card_text(m.card), 80)} — missed by {m.missed}" for m in view.most_missed]
    if missed:
        embed.add_field(name="Most missed", value=clip("\n".join(missed), 1024), inline=False)
    embed.set_footer(text=f"{board.closed} questions · “Review these” starts a private drill of the ones you missed")
    return embed


def final_content(view: FinalView) -> str:
    return f"🏁 **{view.marker}**"


async def scoreboard_picture(view: FinalView) -> discord.File | None:
    """The final scores as a PNG (bot.ops.scoreboard_image), drawn off the event loop; None when it can't be
    drawn (the text has every number: a picture that fails is logged, not fatal)."""
    rows = [(line.rank, line.name or f"member {line.user_id}", line.points,
             team_name(line.team) if line.team else None) for line in view.board.members[:TOP_SHOWN]]
    if not rows:
        return None
    try:
        png = await asyncio.to_thread(_draw, f"Round {view.round.id} — final scores", rows)
    except Exception:
        log.exception("round %d: the scoreboard picture could not be drawn", view.round.id)
        return None
    return discord.File(io.BytesIO(png), filename="round-scores.png")


def _draw(title: str, rows: list[tuple[int, str, int, str | None]]) -> bytes:
    from bot.ops.scoreboard_image import ScoreRow, render_scoreboard  # Pillow, loaded when first drawn

    return render_scoreboard(title, [ScoreRow(rank=r, name=n, points=p, team=t) for r, n, p, t in rows])


def place_text(board: Scoreboard, user_id: int) -> str:
    mine = board.place_of(user_id)
    head = f"Round {board.round.id} after {plural(board.closed, 'question')}:\n" + "\n".join(board_lines(board))
    if mine is None:
        return head + "\n\nYou haven't scored in this round."
    team = f" for {team_name(mine.team)}" if mine.team else ""
    return head + f"\n\n**Your place:** #{mine.rank} of {len(board.members)}, {mine.points} points{team}."
