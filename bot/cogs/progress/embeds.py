"""How streaks, stats and leaderboards look. Members appear as mentions, which render as names and,
with `allowed_mentions` none on the client, never ping; names typed by members are escaped."""

from __future__ import annotations

import discord

from bot.cogs.common import clip, escape, plural
from bot.services.api import Leaderboard, MemberStats, StreakView

PERIOD_NAMES = {"week": "this week", "month": "this month", "all": "all time"}
METRIC_NAMES = {"points": "points", "streak": "current streak", "accuracy": "accuracy"}


def streak_embed(name: str, streak: StreakView) -> discord.Embed:
    flame = "🔥" if streak.current else "🌱"
    lines = [
        f"{flame} **{streak.current}**-day streak (longest {streak.longest})",
        "Studied today ✓" if streak.studied_today else "Not studied yet today: one answer keeps the streak going.",
        f"❄️ Streak freezes: {streak.freezes_held}/2",
        f"⭐ {plural(streak.points, 'point')} in this server",
    ]
    return discord.Embed(title=f"{clip(escape(name), 200)}'s streak", description="\n".join(lines), colour=discord.Colour.orange())


def _pct(correct: int, attempts: int) -> str:
    return f"{correct}/{attempts} ({round(100 * correct / attempts)}%)" if attempts else "no answers yet"


def stats_embed(name: str, stats: MemberStats) -> discord.Embed:
    """Decks appear by the titles the services chose (`MemberStats.deck_titles`: never another server's ids)."""
    embed = discord.Embed(title=f"{clip(escape(name), 200)}'s study record", colour=discord.Colour.blue())
    embed.description = f"All answers: **{_pct(stats.total.correct, stats.total.attempts)}** · {plural(len(stats.study_days), 'study day')} in the last 12 weeks"
    named = sorted(((stats.deck_titles.get(ref, ref.deck_id), tally) for ref, tally in stats.by_deck.items()),
                   key=lambda pair: pair[0].casefold())
    decks = [f"{escape(title)}: {_pct(t.correct, t.attempts)}" for title, t in named]
    if decks:
        embed.add_field(name="By deck", value=clip("\n".join(decks), 1024), inline=False)
    levels = [f"{lvl}: {_pct(t.correct, t.attempts)}" for lvl, t in stats.by_level.items() if t.attempts]
    if levels:
        embed.add_field(name="By level", value="\n".join(levels), inline=False)
    weak = [f"{miss.concept} (missed {miss.missed}/{miss.seen})" for miss in stats.weakest_concepts]
    if weak:
        embed.add_field(name="Concepts to revisit", value=clip("\n".join(weak), 1024), inline=False)
    return embed


def leaderboard_title(board: Leaderboard) -> str:
    return f"Leaderboard · {METRIC_NAMES[board.metric]} · {PERIOD_NAMES[board.period]}"


def leaderboard_embed(board: Leaderboard, *, picture: str | None = None) -> discord.Embed:
    """The ranking as text (what screen readers read), with `picture` (an attachment's file name) shown
    under it when there is one."""
    title = leaderboard_title(board)
    if not board.rows:
        text = "Nobody is on the board yet: answer a /quiz or /drill to get started."
        if board.metric == "accuracy":
            text += f" (accuracy needs at least {board.min_attempts} answers)"
        return discord.Embed(title=title, description=text, colour=discord.Colour.gold())
    medals = {1: "🥇", 2: "🥈", 3: "🥉"}
    lines = []
    for row in board.rows:
        if board.metric == "accuracy":
            value = f"{round(row.value * 100)}% ({row.correct}/{row.attempts})"
        elif board.metric == "streak":
            value = plural(int(row.value), "day")
        else:
            value = plural(int(row.value), "point")
        lines.append(f"{medals.get(row.rank, f'#{row.rank}')} <@{row.user_id}> · {value}")
    embed = discord.Embed(title=title, description="\n".join(lines), colour=discord.Colour.gold())
    if picture is not None:
        embed.set_image(url=f"attachment://{picture}")
    return embed
