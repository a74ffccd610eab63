"""`python -m bot practice`: a drill in the terminal, on the same services and database as the bot.

No token and no setup: decks come from `content/`, progress goes to the usual database (member "local").
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.core.cloze import revealed
from bot.core.deck import KINDS, LEVELS, ChoiceCard, ClozeGap, Flashcard, OpenCard
from bot.core.grading import flag_advice
from bot.i18n.voice import say, say_error, say_n
from bot.terminal.wording import text_of

if TYPE_CHECKING:
    from bot.services.api import AnswerOutcome, DrillCard, Recall, StreakView, StudyCalendar

RATINGS = {"1": 1, "a": 1, "again": 1, "2": 2, "h": 2, "hard": 2, "3": 3, "g": 3, "good": 3, "": 3,
           "4": 4, "e": 4, "easy": 4}
REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"


class EndOfInput(Exception):
    """stdin closed (Ctrl-D or the end of a piped file): finish the drill politely."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("practice", help="drill a deck in the terminal (no Discord needed)")
    parser.add_argument("--deck", help="deck id (default: every deck)")
    parser.add_argument("--level", choices=LEVELS)
    parser.add_argument("--kind", choices=(*KINDS, "mixed"), default="mixed")
    parser.add_argument("--count", type=int, default=10, help="how many cards (default 10)")
    parser.add_argument("--content", type=Path, default=None, help="deck folder (default: content/)")
    parser.add_argument("--database", default=None, help="database URL: sqlite:///relative/path or "
                        "sqlite:////absolute/path (default: RECALL_DATABASE_URL, else sqlite:///data/recall.db)")
    parser.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run_practice)


def run_practice(args: argparse.Namespace) -> int:
    import asyncio

    from bot.services.errors import RecallError
    from bot.settings import SettingsError, load_storage_settings, refuse

    if args.count < 1 or args.count > 1000:
        print(say("--count must be between 1 and 1000."), file=sys.stderr)
        return 2
    try:
        url = load_storage_settings(args.database).database_url
    except SettingsError as error:
        return refuse(error)
    try:
        return asyncio.run(_practice(args, sys.stdin, sys.stdout, url))
    except RecallError as error:
        print(f"\n{say_error(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n" + say("Stopped. Your answers so far are saved."))
        return 130


def system_timezone() -> str | None:
    """This computer's IANA timezone (TZ, else the /etc/localtime link), so local study days are local."""
    import os

    from bot.core.study_day import zone

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        try:
            if name:
                zone(name)
                return name
        except ValueError:
            continue
    return None


def _content_folder(arg: Path | None) -> Path:
    if arg is not None:
        return arg
    return Path("content") if Path("content").is_dir() else REPO_CONTENT


async def _practice(args: argparse.Namespace, stdin: TextIO, out: TextIO, database_url: str) -> int:
    from bot.app.wiring import open_services
    from bot.content.loader import load_decks
    from bot.services.api import LOCAL_LEARNER

    content = load_decks([_content_folder(args.content)])
    if not content.decks:
        print(say("No decks found in content/. `python -m bot content check content/` tells why."), file=sys.stderr)
        return 2
    if args.deck and args.deck not in content.decks:
        print(say("No deck {deck}. Decks: {decks}", deck=repr(args.deck), decks=", ".join(sorted(content.decks))),
              file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    bundle = await open_services(database_url, content.decks)
    services = bundle.recall
    local_zone = system_timezone()
    if local_zone and (await services.guild_settings(LOCAL_LEARNER.guild_id or 0)).timezone != local_zone:
        await services.set_guild_settings(LOCAL_LEARNER.guild_id or 0, timezone=local_zone)
    kind = None if args.kind == "mixed" else args.kind
    done = right = 0

    def ask(prompt: str) -> str:
        out.write(prompt)
        out.flush()
        line = stdin.readline()
        if not line:
            raise EndOfInput
        return line.rstrip("\n")

    try:
        for number in range(1, args.count + 1):
            drill = await services.next_card(
                LOCAL_LEARNER, now=datetime.now(UTC), rng=rng, deck_id=args.deck, level=args.level, kind=kind
            )
            out.write(f"\n[{number}/{args.count}] {drill.deck_title} · {drill.card.level} {drill.card.kind}\n")
            outcome = await _ask_card(services, drill, ask, out, rng)
            if outcome is None:
                continue
            done += 1
            right += outcome.correct
    except EndOfInput:
        out.write("\n")
    finally:
        streak = await services.streak(LOCAL_LEARNER, now=datetime.now(UTC))
        calendar = await services.study_calendar(LOCAL_LEARNER, now=datetime.now(UTC))
        await bundle.close()
    out.write("\n" + say("Done: {right}/{done} right.", right=right, done=done) + "\n")
    if streak is not None:
        out.write(_streak_line(streak) + "\n")
    out.write("\n" + _calendar_text(calendar))
    return 0


def _calendar_text(calendar: StudyCalendar) -> str:
    """The same study calendar as /stats' picture, in Unicode blocks."""
    from bot.ops.calendar import render_calendar_text

    return render_calendar_text(calendar.attempts_by_day, today=calendar.today,
                                current_streak=calendar.current_streak, longest_streak=calendar.longest_streak)


async def _ask_card(services: Recall, drill: DrillCard, ask: Callable[[str], str], out: TextIO,
                    rng: random.Random) -> AnswerOutcome | None:
    from bot.services.api import LOCAL_LEARNER, FlashRating

    card, deck_id = drill.card, drill.deck_id
    now = datetime.now(UTC)
    if isinstance(card, Flashcard):
        out.write(f"{card.front}\n")
        ask(say("(press Enter to reveal)") + " ")
        out.write(f"→ {card.back}\n")
        while (answer := ask(_rating_question()).strip().lower()) not in RATINGS:
            out.write(say("Type 1, 2, 3 or 4.") + "\n")
        outcome = await services.rate_flashcard(LOCAL_LEARNER, deck_id, card.id, FlashRating(RATINGS[answer]),
                                                now=now, rng=rng)
        out.write(_points(outcome.points) + "\n")
        return outcome
    if isinstance(card, ChoiceCard):
        out.write(f"{card.question}\n")
        for index, option in enumerate(card.options, start=1):
            out.write(f"  {index}. {option.text}\n")
        while True:
            answer = ask(say("Your answer (1-{last}):", last=len(card.options)) + " ").strip()
            if answer.isdigit() and 1 <= int(answer) <= len(card.options):
                break
            out.write(say("Type a number from 1 to {last}.", last=len(card.options)) + "\n")
        outcome = await services.answer_choice(LOCAL_LEARNER, deck_id, card.id, int(answer) - 1, now=now, rng=rng)
        verdict = say("✓ Correct") if outcome.correct else say("✗ Incorrect: the answer is {number}",
                                                               number=card.correct_index + 1)
        out.write(f"{verdict}. {card.explanation}\n{_points(outcome.points)}\n")
        return outcome
    if isinstance(card, ClozeGap):
        return await _ask_gap(services, drill.deck_id, card, ask, out, rng)
    assert isinstance(card, OpenCard)
    out.write(f"{card.prompt}\n")
    if card.hint:
        out.write(say("Hint: {hint}", hint=card.hint) + "\n")
    text = ask(say("Your answer (one line):") + " ")
    outcome = await services.answer_open(LOCAL_LEARNER, deck_id, card.id, text, now=now, rng=rng)
    if outcome.grade is not None:
        out.write(say("You got {hits}/{total} concepts", hits=outcome.grade.hits, total=outcome.grade.total) + "\n")
        for concept in outcome.grade.concepts:
            out.write(f"  {'✓' if concept.hit else '✗'} {concept.name}\n")
        for advice in flag_advice(outcome.grade):
            out.write(say("Note: {advice}", advice=text_of(advice)) + "\n")
    if card.model_answer:
        out.write(say("Model answer: {answer}", answer=card.model_answer) + "\n")
    out.write(_points(outcome.points) + "\n")
    return outcome


def _points(points: int) -> str:
    return say_n("+{count} points", "+{count} points", points)


def _rating_question() -> str:
    return say("How well did you know it? 1 Again, 2 Hard, 3 Good, 4 Easy [3]:") + " "


def _streak_line(streak: StreakView) -> str:
    line = say_n("Streak: {count} day (longest {longest}), freezes held: {freezes}",
                 "Streak: {count} days (longest {longest}), freezes held: {freezes}", streak.current,
                 longest=streak.longest, freezes=streak.freezes_held)
    if streak.freeze_days:
        line += "; " + say("a freeze saved your streak on {days}",
                           days=", ".join(d.isoformat() for d in streak.freeze_days[-3:]))
    return line + "."


async def _ask_gap(services: Recall, deck_id: str, gap: ClozeGap, ask: Callable[[str], str], out: TextIO,
                   rng: random.Random) -> AnswerOutcome:
    """A cloze gap: type the missing words to be graded, or press Enter to reveal and rate yourself."""
    from bot.services.api import LOCAL_LEARNER, FlashRating

    now = datetime.now(UTC)
    out.write(f"{gap.blanked}\n")
    text = ask(say("The missing words (Enter to reveal instead):") + " ").strip()
    shown = revealed(gap.card.text, gap.number, "»", "«") + (f"\n{gap.card.extra}" if gap.card.extra else "")
    if text:
        outcome = await services.answer_cloze(LOCAL_LEARNER, deck_id, gap.id, text, now=now, rng=rng)
        out.write(f"{say('✓ Correct') if outcome.correct else say('✗ Not quite')}: {shown}\n")
        for check in outcome.cloze.words if outcome.cloze else ():
            typo = " " + say("(you wrote {typed})", typed=check.typed) if check.typed else ""
            out.write(f"  {'✓' if check.matched else '✗'} {check.word}{typo}\n")
    else:
        out.write(f"→ {shown}\n")
        while (answer := ask(_rating_question()).strip().lower()) not in RATINGS:
            out.write(say("Type 1, 2, 3 or 4.") + "\n")
        outcome = await services.rate_flashcard(LOCAL_LEARNER, deck_id, gap.id, FlashRating(RATINGS[answer]),
                                                now=now, rng=rng)
    out.write(_points(outcome.points) + "\n")
    return outcome
