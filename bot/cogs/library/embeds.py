"""How the deck list and the help screen look."""

from __future__ import annotations

import discord

from bot.cogs.common import clip
from bot.core.deck import KINDS, LEVELS
from bot.services.api import DeckSummary

EMBED_BUDGET = 5800  # Discord allows 6000 characters per message's embeds; leave room for the footer
KIND_NAMES = {"flashcard": "flashcards", "choice": "multiple choice", "open": "open", "cloze": "cloze"}

HELP = (
    ("/flashcard [deck] [level]", "A card for the channel; anyone reveals the answer privately and rates it. "
     "A cloze card's gap can also be typed (Type it) and graded, typos allowed."),
    ("/quiz [deck] [level]", "A multiple-choice question; everyone answers once, privately."),
    ("/explain [deck] [level]", "An open question: answer in your own words, see which concepts you covered."),
    ("/drill [deck] [level] [kind] [count]", "A private run of questions, then your score."),
    ("/review", "Your cards due for spaced repetition, as a private drill."),
    ("/streak [member]", "Study streak in this server (one answer a day keeps it)."),
    ("/stats [member]", "Accuracy by deck and level, concepts to revisit, and your 12-week calendar."),
    ("/leaderboard [period] [by]", "Top members by points, streak or accuracy: a picture (names, bars, ranks), "
                                   "with the same ranking as text for screen readers; equal scores share a rank."),
    ("/round start deck [kind] [questions] [seconds] [level] [teams], /round stop, /round scores",
     "A live round in this channel: questions one after another against the clock (`<t:…:R>` countdown; "
     "kind choice, flashcard, open, cloze (one question per gap, the missing words typed) or mixed), "
     "a scoreboard after each, teams with Join buttons, a podium and a \"Review these\" drill at the end. "
     "Points: a right answer 100 × (0.5 + 0.5 × time left ÷ question time), so 50-100, faster earns more "
     "(a cloze gap typed right too, small typos allowed); "
     "a flashcard \"I knew it\" 50; an open answer 100 × concepts hit ÷ concepts × the same speed factor; "
     "wrong 0; equal totals share a rank. Starting and stopping need the round role, or Manage Server."),
    ("/decks", "The decks, with their cards by kind and level."),
    ("/timezone [name]", "Your time zone for streak days; without a name, shows the current one."),
    ("/remind on|off", "A DM at most once a day when cards are due or your streak is about to end."),
    ("/mydata export|delete|leaderboard", "Your data: get it as a file, delete all of it, or leave leaderboards."),
    ("/suggest deck kind [level]", "Write a card (flashcard, choice or open) for this server's copy of a deck; "
     "reviewers accept it and it is credited to you (at most 10 waiting at once)."),
    ("/mydata export what:missed", "The cards you got wrong in the last 30 days, as an Anki package (.apkg)."),
    ("🚩 Report a problem", "Under a card's answer: wrong answer, unclear, typo or other (a short note). It goes "
                            "to the server's reviewers and closes when the card is fixed."),
    ("/help", "This screen."),
)
# Commands for members with the Manage Server permission (the others get a private refusal).
ADMIN_HELP = (
    ("/schedule add channel time timezone deck [kind] [level] [days] [poll_hours] [grace_hours] [pick]",
     "A question posted once a day at a local time; kind `poll` makes native polls. `pick: review` posts the "
     "card the members here have most likely forgotten (their FSRS memory; 1 post in 5 new material); "
     "`/schedule list` says why."),
    ("/schedule list|remove|pause|resume|post-now|end-poll",
     "See and manage the schedules; `post-now` tries one out, `end-poll` reveals a poll early."),
    ("/settings timezone|day-start", "The server's default time zone and the hour a study day starts."),
    ("/settings round-role [role]", "Who may start and stop /round (without one: Manage Server)."),
    ("/settings rewards add|list|remove", "A role earned at a streak, points or answers threshold (I need Manage "
                                          "Roles, my role above it); optionally lost when the streak breaks."),
    ("/deck upload|remove|disable|enable",
     "Add a YAML deck or an Anki package (.apkg, up to 1,000 cards) for this server, hide a built-in deck."),
    ("/deck queue deck (or /deck appeals)", "A deck's moderation queue: appeals, suggested cards (Accept, Edit: the "
     "form filled in, Reject: a reason sent to the author by DM once) and reported cards (Edit card, Close "
     "reports; fixing a card closes its reports). Reviewers may use it too."),
    ("/settings reviewer-role [role]", "Who besides Manage Server reviews deck queues (without a role: clear it)."),
    ("/deck report deck [period]", "What the group misses: each card's answers and accuracy, missed concepts, "
                                   "members behind on reviews, the weekly trend (picture + CSV)."),
    ("/deck retention deck value", "The deck's desired retention here, 0.80-0.97 or `default` (0.90)."),
    ("/deck exam deck date [target]", "Plan reviews for an exam (YYYY-MM-DD; target 0.85-0.97, default 0.90): "
                                      "every card due before it or predicted recalled; `date:clear` cancels."),
)
ADMIN_TITLE = "🛠️ Server admins (need Manage Server)"


def decks_embed(decks: list[DeckSummary]) -> discord.Embed:
    embed = discord.Embed(title="Decks", colour=discord.Colour.blurple())
    if not decks:
        embed.description = "No decks are loaded. An admin can add deck files to the content folder."
        return embed
    shown = 0
    for deck in decks[:25]:
        kinds = " · ".join(f"{deck.by_kind.get(k, 0)} {KIND_NAMES[k]}" for k in KINDS if deck.by_kind.get(k))
        levels = " · ".join(f"{deck.by_level.get(lvl, 0)} {lvl}" for lvl in LEVELS if deck.by_level.get(lvl))
        counts = "\n".join(line for line in (f"`{deck.id}` · {deck.total} cards", kinds, levels) if line)
        value = counts if not deck.description else counts + "\n" + clip(deck.description, 1023 - len(counts))
        name = clip(deck.title, 256)
        if len(embed) + len(name) + len(value) > EMBED_BUDGET:
            break
        embed.add_field(name=name, value=value, inline=False)
        shown += 1
    if len(decks) > shown:
        embed.set_footer(text=f"and {len(decks) - shown} more: use the deck option's autocomplete to find them")
    return embed


def help_embed() -> discord.Embed:
    embed = discord.Embed(
        title="Recall: study together",
        description="\n".join(f"**{usage}**: {what}" for usage, what in HELP),
        colour=discord.Colour.blurple(),
    )
    # A field holds at most 1,024 characters: the admin lines continue in a second field when needed.
    chunks: list[str] = []
    for line in (f"**{usage}**: {what}" for usage, what in ADMIN_HELP):
        if chunks and len(chunks[-1]) + 1 + len(line) <= 1024:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    for index, chunk in enumerate(chunks):
        embed.add_field(name=ADMIN_TITLE if index == 0 else "\u200b", value=chunk, inline=False)
    embed.set_footer(text="Answers and grades are private; public messages never ping anyone.")
    return embed
