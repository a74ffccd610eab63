"""How streaks, stats and leaderboards look. Members appear as mentions, which render as names and,
with `allowed_mentions` none on the client, never ping; names typed by members are escaped."""

from __future__ import annotations

import discord

from bot.cogs.common import clip, escape, level_name
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked, say_n, say_percent
from bot.services.api import Leaderboard, MemberStats, StreakView

# A leaderboard's title, one whole phrase per metric and period (marked here, said when shown).
TITLES = {
    ("points", "week"): N_("Leaderboard · points · this week"),
    ("points", "month"): N_("Leaderboard · points · this month"),
    ("points", "all"): N_("Leaderboard · points · all time"),
    ("streak", "week"): N_("Leaderboard · current streak · this week"),
    ("streak", "month"): N_("Leaderboard · current streak · this month"),
    ("streak", "all"): N_("Leaderboard · current streak · all time"),
    ("accuracy", "week"): N_("Leaderboard · accuracy · this week"),
    ("accuracy", "month"): N_("Leaderboard · accuracy · this month"),
    ("accuracy", "all"): N_("Leaderboard · accuracy · all time"),
}


def streak_embed(name: str, streak: StreakView) -> discord.Embed:
    flame = "🔥" if streak.current else "🌱"
    lines = [
        say_n("{flame} **{count}**-day streak (longest {longest})", "{flame} **{count}**-day streak (longest {longest})",
              streak.current, flame=flame, longest=streak.longest),
        say("Studied today ✓") if streak.studied_today
        else say("Not studied yet today: one answer keeps the streak going."),
        say("❄️ Streak freezes: {held}/{most}", held=streak.freezes_held, most=2),
        say_n("⭐ {count} point in this server", "⭐ {count} points in this server", streak.points),
    ]
    return discord.Embed(title=say("{name}'s streak", name=clip(escape(name), 200)), description="\n".join(lines),
                         colour=discord.Colour.orange())


def share(correct: int, attempts: int) -> str:
    """`3/4 (75%)`: right answers of all, with the share in the reader's form."""
    if not attempts:
        return say("no answers yet")
    return say("{correct}/{attempts} ({share})", correct=correct, attempts=attempts,
               share=say_percent(round(100 * correct / attempts) / 100))


def stats_embed(name: str, stats: MemberStats) -> discord.Embed:
    """Decks appear by the titles the services chose (`MemberStats.deck_titles`: never another server's ids)."""
    embed = discord.Embed(title=say("{name}'s study record", name=clip(escape(name), 200)), colour=discord.Colour.blue())
    embed.description = say_n("All answers: **{share}** · {count} study day in the last 12 weeks",
                               "All answers: **{share}** · {count} study days in the last 12 weeks",
                               len(stats.study_days), share=share(stats.total.correct, stats.total.attempts))
    named = sorted(((stats.deck_titles.get(ref, ref.deck_id), tally) for ref, tally in stats.by_deck.items()),
                   key=lambda pair: pair[0].casefold())
    decks = [f"{escape(title)}: {share(t.correct, t.attempts)}" for title, t in named]
    if decks:
        embed.add_field(name=say("By deck"), value=clip("\n".join(decks), 1024), inline=False)
    levels = [f"{level_name(lvl)}: {share(t.correct, t.attempts)}" for lvl, t in stats.by_level.items() if t.attempts]
    if levels:
        embed.add_field(name=say("By level"), value="\n".join(levels), inline=False)
    weak = [say("{concept} (missed {missed}/{seen})", concept=miss.concept, missed=miss.missed, seen=miss.seen)
            for miss in stats.weakest_concepts]
    if weak:
        embed.add_field(name=say("Concepts to revisit"), value=clip("\n".join(weak), 1024), inline=False)
    return embed


def leaderboard_title(board: Leaderboard) -> str:
    return say_marked(TITLES[(board.metric, board.period)])


def row_value(board: Leaderboard, value: float, correct: int, attempts: int) -> str:
    if board.metric == "accuracy":
        return say("{share} ({correct}/{attempts})", share=say_percent(round(value * 100) / 100),
                   correct=correct, attempts=attempts)
    if board.metric == "streak":
        return say_n("{count} day", "{count} days", int(value))
    return say_n("{count} point", "{count} points", int(value))


def leaderboard_embed(board: Leaderboard, *, picture: str | None = None) -> discord.Embed:
    """The ranking as text (what screen readers read), with `picture` (an attachment's file name) shown
    under it when there is one."""
    title = leaderboard_title(board)
    if not board.rows:
        if board.metric == "accuracy":
            text = say_n("Nobody is on the board yet: answer a /quiz or /drill to get started. "
                         "(accuracy needs at least {count} answer)",
                         "Nobody is on the board yet: answer a /quiz or /drill to get started. "
                         "(accuracy needs at least {count} answers)", board.min_attempts)
        else:
            text = say("Nobody is on the board yet: answer a /quiz or /drill to get started.")
        return discord.Embed(title=title, description=text, colour=discord.Colour.gold())
    medals = {1: "🥇", 2: "🥈", 3: "🥉"}
    lines = []
    for row in board.rows:
        value = row_value(board, row.value, row.correct, row.attempts)
        lines.append(f"{medals.get(row.rank, f'#{row.rank}')} <@{row.user_id}> · {value}")
    embed = discord.Embed(title=title, description="\n".join(lines), colour=discord.Colour.gold())
    if picture is not None:
        embed.set_image(url=f"attachment://{picture}")
    return embed
