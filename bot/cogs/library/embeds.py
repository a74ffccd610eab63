"""How the deck list and the help screen look."""

from __future__ import annotations

from collections.abc import Callable

import discord

from bot.cogs.common import clip
from bot.core.deck import KINDS, LEVELS
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked, say_n
from bot.services.api import DeckSummary

EMBED_BUDGET = 5800  # Discord allows 6000 characters per message's embeds; leave room for the footer
# How many cards of a kind, and of a level.
KIND_COUNTS: dict[str, Callable[[int], str]] = {
    "flashcard": lambda count: say_n("{count} flashcard", "{count} flashcards", count),
    "choice": lambda count: say_n("{count} multiple choice", "{count} multiple choice", count),
    "open": lambda count: say_n("{count} open", "{count} open", count),
    "cloze": lambda count: say_n("{count} cloze", "{count} cloze", count),
}
LEVEL_COUNTS: dict[str, Callable[[int], str]] = {
    "beginner": lambda count: say_n("{count} beginner", "{count} beginner", count),
    "intermediate": lambda count: say_n("{count} intermediate", "{count} intermediate", count),
    "advanced": lambda count: say_n("{count} advanced", "{count} advanced", count),
}

# What each command does: the usage stays as typed (English command names), the description is said in
# the reader's language. The "Report a problem" button is named as the reader's client shows it.
NOT_A_COMMAND = "🚩"
HELP = (
    ("/flashcard [deck] [level]", N_(
        "A card for the channel; anyone reveals the answer privately and rates it. "
        "A cloze card's gap can also be typed (Type it) and graded, typos allowed.")),
    ("/quiz [deck] [level]", N_(
        "A multiple-choice question; everyone answers once, privately.")),
    ("/explain [deck] [level]", N_(
        "An open question: answer in your own words, see which concepts you covered.")),
    ("/drill [deck] [level] [kind] [count]", N_(
        "A private run of questions, then your score.")),
    ("/review", N_("Your cards due for spaced repetition, as a private drill.")),
    ("/streak [member]", N_("Study streak in this server (one answer a day keeps it).")),
    ("/stats [member]", N_("Accuracy by deck and level, concepts to revisit, and your 12-week calendar.")),
    ("/leaderboard [period] [by]", N_(
        "Top members by points, streak or accuracy: a picture (names, bars, ranks), "
        "with the same ranking as text for screen readers; equal scores share a rank.")),
    ("/round start deck [kind] [questions] [seconds] [level] [teams], /round stop, /round scores",
     N_("A live round in this channel: questions one after another against the clock (`<t:…:R>` countdown; "
        "kind choice, flashcard, open, cloze (one question per gap, the missing words typed) or mixed), "
        "a scoreboard after each, teams with Join buttons, a podium and a \"Review these\" drill at the end. "
        "Points: a right answer 100 × (0.5 + 0.5 × time left ÷ question time), so 50-100, faster earns more "
        "(a cloze gap typed right too, small typos allowed); "
        "a flashcard \"I knew it\" 50; an open answer 100 × concepts hit ÷ concepts × the same speed factor; "
        "wrong 0; equal totals share a rank. Starting and stopping need the round role, or Manage Server.")),
    ("/decks", N_("The decks, with their cards by kind and level.")),
    ("/timezone [name]", N_("Your time zone for streak days; without a name, shows the current one.")),
    ("/remind on|off", N_("A DM at most once a day when cards are due or your streak is about to end.")),
    ("/mydata export|delete|leaderboard", N_("Your data: get it as a file, delete all of it, or leave leaderboards.")),
    ("/suggest deck kind [level]", N_(
        "Write a card (flashcard, choice or open) for this server's copy of a deck; "
        "reviewers accept it and it is credited to you (at most 10 waiting at once).")),
    ("/mydata export what:missed", N_(
        "The cards you got wrong in the last 30 days, as an Anki package (.apkg).")),
    (N_("🚩 Report a problem"), N_(
        "Under a card's answer: wrong answer, unclear, typo or other (a short note). It goes "
        "to the server's reviewers and closes when the card is fixed.")),
    ("/help", N_("This screen.")),
)
# Commands for members with the Manage Server permission (the others get a private refusal).
ADMIN_HELP = (
    ("/schedule add channel time timezone deck [kind] [level] [days] [poll_hours] [grace_hours] [pick]",
     N_("A question posted once a day at a local time; kind `poll` makes native polls. `pick: review` posts the "
        "card the members here have most likely forgotten (their FSRS memory; 1 post in 5 new material); "
        "`/schedule list` says why.")),
    ("/schedule list|remove|pause|resume|post-now|end-poll",
     N_("See and manage the schedules; `post-now` tries one out, `end-poll` reveals a poll early.")),
    ("/settings timezone|day-start", N_("The server's default time zone and the hour a study day starts.")),
    ("/settings round-role [role]", N_("Who may start and stop /round (without one: Manage Server).")),
    ("/settings language [language]", N_(
        "The language of this server's public posts, or `default`: the server's language in Discord.")),
    ("/settings rewards add|list|remove", N_(
        "A role earned at a streak, points or answers threshold (I need Manage "
        "Roles, my role above it); optionally lost when the streak breaks.")),
    ("/deck upload|remove|disable|enable",
     N_("Add a YAML deck or an Anki package (.apkg, up to 1,000 cards) for this server, hide a built-in deck.")),
    ("/deck queue deck (or /deck appeals)", N_(
        "A deck's moderation queue: appeals, suggested cards (Accept, Edit: the "
        "form filled in, Reject: a reason sent to the author by DM once) and reported cards (Edit card, Close "
        "reports; fixing a card closes its reports). Reviewers may use it too.")),
    ("/settings reviewer-role [role]", N_(
        "Who besides Manage Server reviews deck queues (without a role: clear it).")),
    ("/deck report deck [period]", N_(
        "What the group misses: each card's answers and accuracy, missed concepts, "
        "members behind on reviews, the weekly trend (picture + CSV).")),
    ("/deck retention deck value", N_(
        "The deck's desired retention here, 0.80-0.97 or `default` (0.90).")),
    ("/deck exam deck date [target]", N_(
        "Plan reviews for an exam (YYYY-MM-DD; target 0.85-0.97, default 0.90): "
        "every card due before it or predicted recalled; `date:clear` cancels.")),
)
ADMIN_TITLE = N_("🛠️ Server admins (need Manage Server)")


def help_line(usage: str, what: str) -> str:
    shown = say_marked(usage) if usage.startswith(NOT_A_COMMAND) else usage
    return f"**{shown}**: {say_marked(what)}"


def _counts(counts: dict[str, int], said: dict[str, Callable[[int], str]], order: tuple[str, ...]) -> str:
    return " · ".join(said[key](counts[key]) for key in order if counts.get(key))


def decks_embed(decks: list[DeckSummary]) -> discord.Embed:
    embed = discord.Embed(title=say("Decks"), colour=discord.Colour.blurple())
    if not decks:
        embed.description = say("No decks are loaded. An admin can add deck files to the content folder.")
        return embed
    shown = 0
    for deck in decks[:25]:
        kinds = _counts(deck.by_kind, KIND_COUNTS, KINDS)
        levels = _counts(deck.by_level, LEVEL_COUNTS, LEVELS)
        total = f"`{deck.id}` · {say_n('{count} card', '{count} cards', deck.total)}"
        counts = "\n".join(line for line in (total, kinds, levels) if line)
        value = counts if not deck.description else counts + "\n" + clip(deck.description, 1023 - len(counts))
        name = clip(deck.title, 256)
        if len(embed) + len(name) + len(value) > EMBED_BUDGET:
            break
        embed.add_field(name=name, value=value, inline=False)
        shown += 1
    if len(decks) > shown:
        embed.set_footer(text=say_n("and {count} more: use the deck option's autocomplete to find them",
                                    "and {count} more: use the deck option's autocomplete to find them",
                                    len(decks) - shown))
    return embed


def help_embed() -> discord.Embed:
    embed = discord.Embed(
        title=say("Recall: study together"),
        description="\n".join(help_line(usage, what) for usage, what in HELP),
        colour=discord.Colour.blurple(),
    )
    # A field holds at most 1,024 characters: the admin lines continue in more fields when needed.
    chunks: list[str] = []
    for line in (help_line(usage, what) for usage, what in ADMIN_HELP):
        if chunks and len(chunks[-1]) + 1 + len(line) <= 1024:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    for index, chunk in enumerate(chunks):
        embed.add_field(name=say_marked(ADMIN_TITLE) if index == 0 else "\u200b", value=chunk, inline=False)
    embed.set_footer(text=say("Answers and grades are private; public messages never ping anyone."))
    return embed
