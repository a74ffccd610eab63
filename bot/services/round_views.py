"""What the round loop hands the publisher, and the scoreboards: plain data, rendered by the cog.

Built from stored rows only (`scoreboard`, `close_view`, `final_view`), so a restarted bot shows the same
numbers as the one that stopped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core import rounds as rules
from bot.core.deck import AnyCard
from bot.services.round_records import QuestionRow, RoundAnswerRow, RoundRow


@dataclass(frozen=True, slots=True)
class ScoreLine:
    rank: int
    user_id: int
    name: str
    points: int
    correct: int
    answered: int
    team: int = 0


@dataclass(frozen=True, slots=True)
class TeamLine:
    rank: int
    team: int
    points: int
    members: int


@dataclass(frozen=True, slots=True)
class Scoreboard:
    round: RoundRow
    members: tuple[ScoreLine, ...]  # every player, ranked (shared ranks for equal totals)
    teams: tuple[TeamLine, ...]  # empty without teams
    closed: int  # questions closed so far

    def place_of(self, user_id: int) -> ScoreLine | None:
        return next((line for line in self.members if line.user_id == user_id), None)


def scoreboard(round_row: RoundRow, players: Mapping[int, tuple[int, str]], answers: Sequence[RoundAnswerRow],
               closed: int) -> Scoreboard:
    points: dict[int, int] = {user: 0 for user in players}
    correct: dict[int, int] = {user: 0 for user in players}
    answered: dict[int, int] = {user: 0 for user in players}
    for answer in answers:
        points[answer.user_id] = points.get(answer.user_id, 0) + answer.points
        correct[answer.user_id] = correct.get(answer.user_id, 0) + int(answer.correct)
        answered[answer.user_id] = answered.get(answer.user_id, 0) + 1
    names = {user: name for user, (_team, name) in players.items()}
    teams = {user: team for user, (team, _name) in players.items() if team}
    members = tuple(
        ScoreLine(r.rank, int(r.key), names.get(int(r.key), ""), r.points, correct.get(int(r.key), 0),  # type: ignore[call-overload]
                  answered.get(int(r.key), 0), teams.get(int(r.key), 0))  # type: ignore[call-overload]
        for r in rules.rank(points, order=names))
    team_lines: tuple[TeamLine, ...] = ()
    if round_row.teams:
        sizes = {team: sum(1 for t in teams.values() if t == team) for team in range(1, round_row.teams + 1)}
        team_lines = tuple(TeamLine(r.rank, int(r.key), r.points, sizes[int(r.key)])  # type: ignore[call-overload]
                           for r in rules.rank(rules.team_totals(points, teams, round_row.teams)))
    return Scoreboard(round_row, members, team_lines, closed)


@dataclass(frozen=True, slots=True)
class QuestionView:
    round: RoundRow
    question: QuestionRow
    card: AnyCard | None  # None: the card left the deck since the round began
    deck_title: str
    marker: str  # in the message, so a restarted bot can find a post it made but didn't record


@dataclass(frozen=True, slots=True)
class CloseView:
    round: RoundRow
    question: QuestionRow
    card: AnyCard | None  # None: the card left the deck since the round began
    right: tuple[tuple[str, int], ...]  # (name, points) of who got it, fastest first
    answered: int
    board: Scoreboard


@dataclass(frozen=True, slots=True)
class MissedQuestion:
    position: int
    card: AnyCard | None
    missed: int  # players who answered wrong or not at all


@dataclass(frozen=True, slots=True)
class FinalView:
    round: RoundRow
    board: Scoreboard
    most_missed: tuple[MissedQuestion, ...]
    marker: str


def question_marker(round_id: int, position: int) -> str:
    """The text a round's question post is found by when its send is retried: the same in every language."""
    return f"Round {round_id} · question {position + 1}"


def final_marker(round_id: int) -> str:
    """The text the final scores post is found by: the same in every language."""
    return f"Round {round_id} · final scores"  # i18n: not shown (an identifier searched for in the post, kept English)


def missed_counts(questions: Sequence[QuestionRow], players: Mapping[int, object],
                  answers: Sequence[RoundAnswerRow]) -> dict[int, int]:
    """Per asked question: the players who didn't get it right (a wrong answer or none)."""
    right: dict[int, int] = {}
    for answer in answers:
        if answer.correct:
            right[answer.position] = right.get(answer.position, 0) + 1
    return {q.position: max(0, len(players) - right.get(q.position, 0)) for q in questions if q.opens_at_ms is not None}
