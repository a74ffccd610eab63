"""Live rounds' rules: points for an answer, ranks with ties, team totals, when a question closes early.

Points (the issue's fixed rule, also stated in /help): a correct multiple-choice answer earns
round(100 x (0.5 + 0.5 x time left / question time)), and so does a cloze gap typed right; a flashcard
"I knew it" 50 flat; an open answer 100 x concepts hit / concepts x the same speed factor; a wrong
answer 0. Times are integer milliseconds
and the arithmetic is exact (fractions), so a rule's result never depends on float rounding; `round`
is Python's (halves to even), as the rule is written.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, TypeVar

from bot.core.messages import N_, Marked

RoundKind = Literal["choice", "flashcard", "open", "cloze", "mixed"]
ROUND_KINDS: tuple[RoundKind, ...] = ("choice", "flashcard", "open", "cloze", "mixed")
MIN_QUESTIONS, MAX_QUESTIONS, DEFAULT_QUESTIONS = 5, 50, 10
MIN_SECONDS, MAX_SECONDS, DEFAULT_SECONDS = 10, 120, 20
TEAM_COUNTS = (0, 2, 3, 4)
JOIN_SECONDS = 30
# After a question closes, the next one (or the final scores) waits this long: time to read the answer, and
# with one post and one edit per question it keeps a channel under Discord's 5 messages per 5 seconds.
REVEAL_SECONDS = 3
FULL_POINTS = 100
KNEW_IT_POINTS = 50
TOP_SHOWN = 10

K = TypeVar("K", bound=Hashable)


def speed_factor(time_left_ms: int, question_ms: int) -> Fraction:
    """0.5 + 0.5 x time left / question time, the time left clamped to [0, question time]."""
    if question_ms <= 0:
        return Fraction(1, 2)
    left = max(0, min(int(time_left_ms), int(question_ms)))
    return Fraction(1, 2) + Fraction(left, 2 * int(question_ms))


def choice_points(correct: bool, time_left_ms: int, question_ms: int) -> int:
    return round(FULL_POINTS * speed_factor(time_left_ms, question_ms)) if correct else 0


def cloze_points(correct: bool, time_left_ms: int, question_ms: int) -> int:
    """A typed gap is right or wrong as a whole (bot.core.cloze_grading), so it earns as a choice does."""
    return choice_points(correct, time_left_ms, question_ms)


def flashcard_points(knew_it: bool) -> int:
    """Self-claimed, on trust: a flat 50 and no speed bonus (a claim is easy to make fast)."""
    return KNEW_IT_POINTS if knew_it else 0


def open_points(hits: int, total: int, time_left_ms: int, question_ms: int) -> int:
    if total <= 0 or hits <= 0:
        return 0
    share = Fraction(min(int(hits), int(total)), int(total))
    return round(FULL_POINTS * share * speed_factor(time_left_ms, question_ms))


@dataclass(frozen=True, slots=True)
class Ranked:
    rank: int
    key: Hashable
    points: int


def rank(totals: Mapping[K, int], order: Mapping[K, object] | None = None) -> list[Ranked]:
    """Highest first; equal totals share a rank and the next rank skips (100, 80, 80, 50 -> 1, 2, 2, 4).

    Ties are listed by `order[key]` (e.g. a name) when given, else by key, so the list is stable.
    """
    def tie_break(key: K) -> tuple[str, str]:
        return (str(order[key]).casefold() if order is not None and key in order else "", str(key))

    keys = sorted(totals, key=lambda key: (-totals[key], tie_break(key)))
    ranked: list[Ranked] = []
    for position, key in enumerate(keys, start=1):
        same = ranked and ranked[-1].points == totals[key]
        ranked.append(Ranked(ranked[-1].rank if same else position, key, totals[key]))
    return ranked


def team_totals(member_points: Mapping[int, int], teams: Mapping[int, int], team_count: int) -> dict[int, int]:
    """Points per team (1..team_count, every team listed, 0 when its members scored nothing); members
    without a team (not joined) count for none."""
    totals = {team: 0 for team in range(1, team_count + 1)}
    for member, team in teams.items():
        if team in totals:
            totals[team] += member_points.get(member, 0)
    return totals


def closes_early(answered: Iterable[int], expected: Iterable[int]) -> bool:
    """True once everyone expected has answered (with teams: the joined members; without: whoever
    answered the previous question). Nobody expected (the first question without teams) never closes
    early: the timer does."""
    waiting = set(expected)
    return bool(waiting) and waiting <= set(answered)


def pick_cards(card_ids: Sequence[str], count: int, rng: random.Random) -> list[str]:
    """`count` distinct cards (all of them, shuffled, when the deck has fewer)."""
    chosen = list(card_ids)
    rng.shuffle(chosen)
    return chosen[: max(0, count)]


def most_missed(missed_by_position: Mapping[int, int], limit: int = 3) -> list[tuple[int, int]]:
    """(position, members who missed it) of the most-missed questions, most first, ties by position;
    questions nobody missed are left out."""
    worst = sorted(((pos, n) for pos, n in missed_by_position.items() if n > 0), key=lambda item: (-item[1], item[0]))
    return worst[:limit]


def valid_settings(questions: int, seconds: int, teams: int) -> str | None:
    """Why the round can't start with these numbers, or None."""
    if not MIN_QUESTIONS <= questions <= MAX_QUESTIONS:
        return Marked(N_("A round has {least} to {most} questions."), least=MIN_QUESTIONS, most=MAX_QUESTIONS)
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        return Marked(N_("A question lasts {least} to {most} seconds."), least=MIN_SECONDS, most=MAX_SECONDS)
    if teams not in TEAM_COUNTS:
        return Marked(N_("Teams: 0 (no teams), 2, 3 or 4."))
    return None


def may_start(round_role_id: int | None, member_role_ids: Iterable[int], manage_server: bool) -> bool:
    """Members with the server's round role may start and stop rounds; without one set, Manage Server.
    Members with Manage Server always may (they choose the role)."""
    if manage_server:
        return True
    return round_role_id is not None and round_role_id in set(member_role_ids)
