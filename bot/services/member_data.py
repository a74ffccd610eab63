"""A member's own data: the study calendar, exports (JSON or CSV), the cards they missed lately (for an
Anki package) and deleting everything about them.

Exports are for people: times become ISO 8601 UTC, study days ISO dates, flags booleans, and a streak
that has already broken reads 0 (the stored row only changes at the member's next answer).
Answer text appears only in a member's own export: a server-wide export is for the organisers, who
need scores and streaks, not what each member wrote.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from bot.core.deck import ClozeGap
from bot.core.errors import UnknownCard
from bot.core.instants import from_ms, to_ms, utc
from bot.core.study_day import day_start, study_day
from bot.services.api import (
    DataDeletion,
    DataExport,
    DeckRef,
    Learner,
    MissedCards,
    MissedDeck,
    StreakView,
    StudyCalendar,
)
from bot.services.catalogue import DeckCatalogue
from bot.services.ports import MemberDataStore
from bot.services.records import ATTEMPT_COLUMNS

CALENDAR_WEEKS = 12
MISSED_DAYS = 30
MAX_MISSED_CARDS = 2000  # cards in one /mydata export what:missed package
MISSED_PAGE = 500
MISSED_SCAN = 10_000  # missed cards looked at, at most (those of decks no longer seen are skipped)
FLAGS = ("correct", "self_credited")
DAY_COLUMNS = ("study_day", "last_day")
# Sections of `other` already given in readable form (attempts, streaks) or derived from them.
CURATED_TABLES = ("attempts", "member_streaks")


async def study_calendar(store: MemberDataStore, learner: Learner, *, now: datetime, timezone: str,
                         day_start_hour: int, streak: StreakView | None) -> StudyCalendar:
    """The calendar of `learner` as of `now`, study days counted in `timezone` from `day_start_hour`."""
    today = study_day(now, timezone, day_start_hour)
    since = today - timedelta(weeks=CALENDAR_WEEKS)
    if learner.guild_id is not None:
        counts = await store.attempts_per_study_day(learner.user_id, learner.guild_id, since)
        current, longest = (streak.current, streak.longest) if streak else (0, 0)
        if streak is not None and streak.today > today:
            today = streak.today  # a traveller's study day may run ahead of the local date
    else:
        counts = {}
        start_ms = to_ms(day_start(since, timezone, day_start_hour))
        for answered_ms in await store.answer_times(learner.user_id, start_ms):
            day = study_day(from_ms(answered_ms), timezone, day_start_hour)
            counts[day] = counts.get(day, 0) + 1
        current, longest = await store.best_streaks(learner.user_id, to_ms(now))
    shown = {day: count for day, count in counts.items() if since <= day <= today}
    return StudyCalendar(today, shown, current, longest)


async def export_data(store: MemberDataStore, *, guild_id: int | None, user_id: int | None, now: datetime,
                      with_answers: bool) -> DataExport:
    if guild_id is None and user_id is None:
        raise ValueError("export needs a server, a member, or both")
    now_ms = to_ms(now)
    attempts = [_readable_attempt(row) for row in await store.export_attempts(guild_id, user_id, with_answers)]
    streaks = [_readable_streak(row, now_ms) for row in await store.export_streaks(guild_id, user_id)]
    other: dict[str, list[dict[str, Any]]] = {}
    if guild_id is None and user_id is not None:
        other = await store.member_rows(user_id, CURATED_TABLES)
    return DataExport(utc(now), guild_id, user_id, with_answers, attempts, streaks, other)


async def missed_cards(store: MemberDataStore, catalogue: DeckCatalogue, learner: Learner, *, now: datetime,
                       days: int = MISSED_DAYS, limit: int = MAX_MISSED_CARDS) -> MissedCards:
    """The cards `learner` answered wrong in the `days` before `now`, anywhere, in the decks they can see
    where they ask (as `find_card` decides: a server sees the built-in decks it didn't hide and its own
    uploads; a DM the built-in decks and the uploads of servers the member studies in). The most recently
    missed first, at most `limit` cards (a cloze card once, however many of its gaps were missed), and at
    most `MISSED_SCAN` missed cards looked at."""
    since = to_ms(utc(now) - timedelta(days=days))
    decks: dict[DeckRef, MissedDeck] = {}
    visible: dict[tuple[int, str], DeckRef | None] = {}
    taken: set[tuple[DeckRef, str]] = set()
    offset = 0
    while offset < MISSED_SCAN:
        page = await store.missed_cards(learner.user_id, since, MISSED_PAGE, offset)
        offset += len(page)
        for owner, deck_id, card_id in page:
            ref = await _visible_deck(catalogue, learner, owner, deck_id, card_id, visible)
            deck = catalogue.deck(ref, viewer=learner.guild_id) if ref is not None else None
            card = deck.card(card_id) if deck is not None else None
            if ref is None or deck is None or card is None:
                continue  # a deck that isn't seen here, or a card no longer in it
            whole = card.card if isinstance(card, ClozeGap) else card
            if (ref, whole.id) in taken:
                continue
            if len(taken) == limit:
                return MissedCards(list(decks.values()), more=True)
            taken.add((ref, whole.id))
            decks.setdefault(ref, MissedDeck(ref, deck, [])).cards.append(whole)
        if len(page) < MISSED_PAGE:
            return MissedCards(list(decks.values()), more=False)
    return MissedCards(list(decks.values()), more=True)


async def _visible_deck(catalogue: DeckCatalogue, learner: Learner, owner: int, deck_id: str, card_id: str,
                        known: dict[tuple[int, str], DeckRef | None]) -> DeckRef | None:
    """Where the learner sees the deck of (owner, id), asked once per deck (a DM asks the database)."""
    if (owner, deck_id) not in known:
        try:
            known[(owner, deck_id)] = (await catalogue.find_card(learner, deck_id, card_id, deck_guild=owner)).deck
        except UnknownCard:
            stored = catalogue.deck(DeckRef(owner, deck_id))
            if stored is not None and stored.card(card_id) is None:
                return None  # this card left the deck: the deck itself may still be seen, ask again later
            known[(owner, deck_id)] = None
    return known[(owner, deck_id)]


async def delete_member_data(store: MemberDataStore, user_id: int) -> DataDeletion:
    deletion = await store.delete_member(user_id)
    return DataDeletion(dict(deletion.removed))


def _iso_day(value: Any) -> str | None:
    return date.fromordinal(value).isoformat() if isinstance(value, int) and value > 0 else None


def _iso_time(ms: Any) -> str | None:
    return from_ms(ms).isoformat().replace("+00:00", "Z") if isinstance(ms, int) else None


def _readable_attempt(row: dict[str, Any]) -> dict[str, Any]:
    readable = dict(row)
    for flag in FLAGS:
        readable[flag] = bool(readable[flag])
    readable["study_day"] = _iso_day(readable["study_day"])
    readable["answered_at"] = _iso_time(readable["answered_at"])
    return readable


def _readable_streak(row: dict[str, Any], now_ms: int) -> dict[str, Any]:
    alive = int(row.pop("alive_until") or 0) > now_ms
    readable = dict(row)
    readable["current_streak"] = int(row["current_streak"]) if alive else 0
    readable["last_study_day"] = _iso_day(readable.pop("last_day"))
    return readable


# --- files ---------------------------------------------------------------------------------------
def to_json(export: DataExport) -> str:
    document: dict[str, Any] = {
        "generated_at": _iso_time(to_ms(export.generated_at)),
        "guild_id": export.guild_id,
        "user_id": export.user_id,
        "answers_included": export.with_answers,
        "attempts": export.attempts,
        "streaks": export.streaks,
    }
    if export.other:
        document["other_records"] = {
            "note": "stored as is: times in milliseconds since 1970-01-01 UTC, days as proleptic Gregorian ordinals",  # i18n: not shown (a fixed field of the export's format, the same in every language)
            **export.other,
        }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def to_csv(rows: Iterable[dict[str, Any]], columns: Iterable[str]) -> str:
    """One CSV table; text that a spreadsheet would run as a formula is prefixed with a quote."""
    out = io.StringIO()
    names = list(columns)
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: _cell(row.get(name)) for name in names})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def attempt_columns(export: DataExport) -> list[str]:
    return list(ATTEMPT_COLUMNS) + (["answer_text"] if export.with_answers else [])


STREAK_COLUMNS = ("guild_id", "user_id", "current_streak", "longest_streak", "freezes", "last_study_day")
