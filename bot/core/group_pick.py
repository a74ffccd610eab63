"""The `review` pick of a schedule: the card the members who study a deck are most likely to have forgotten.

A schedule with `pick: review` posts, each time, the eligible card (its `kind` and level still choose
which cards and in which form) with the highest score over the members of the server who have seen it:

    score(card) = mean over those members i of (1 - R_i(now))  x  log(1 + n),   n = how many they are

where R_i is FSRS retrievability, read from the `fsrs` package's own forgetting curve. Every fifth post
of the schedule (its 5th, 10th, 15th, ... post, try-outs included) is new material instead: the first
card in deck order that nobody has seen and the schedule has not posted yet (if all unseen cards were
posted already and are still unanswered, the first unseen card). When no unseen card remains, that
turn posts the best seen card; when nobody has seen any eligible card, every post is new material.

Ties go to deck order. The card of the schedule's previous post is passed over while any other seen
card scores above 0 (the members who answered it have just reviewed it; the others get it again later),
so the group never gets the same card two posts running unless nothing else is worth reviewing.

Storage computes the per-card sums in SQL with `forgetting_curve()`'s constants; `group_memory` is the
same computation over states in memory (the reference the tests hold the SQL to).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import fsrs

from bot.core.messages import N_, Marked
from bot.core.schedule_rule import ScheduleRuleError
from bot.core.srs import SrsState

Pick = Literal["rotation", "review"]
PICKS: tuple[Pick, ...] = ("rotation", "review")
NEW_MATERIAL_EVERY = 5  # one post in five is a card nobody has seen yet
PickReason = Literal["memory", "new", "unseen"]

# Only the forgetting curve is used; it depends on the FSRS parameters, not on desired retention.
_CURVE = fsrs.Scheduler(enable_fuzzing=False)


def parse_pick(text: str | None) -> Pick:
    """None or empty text means `rotation` (today's behaviour)."""
    cleaned = str(text or "rotation").strip().lower()
    for pick in PICKS:
        if cleaned == pick:
            return pick
    shown = " ".join(str(text).split())[:40]
    raise ScheduleRuleError(N_("Pick `{text}` is not one of: {picks}."), text=shown, picks=", ".join(PICKS))


@dataclass(frozen=True, slots=True)
class ForgettingCurve:
    """R(t) = (1 + factor * t / stability) ** decay, t in whole days since the last review (as fsrs counts)."""

    factor: float
    decay: float


def forgetting_curve() -> ForgettingCurve:
    """The constants the fsrs scheduler itself uses in `get_card_retrievability` (for the SQL aggregate)."""
    return ForgettingCurve(factor=float(_CURVE._FACTOR), decay=float(_CURVE._DECAY))


def has_seen(state: SrsState) -> bool:
    """A member has seen a card once a review gave it a stability and a last review."""
    return state.last_review is not None and state.stability is not None and state.stability > 0


def retrievability(state: SrsState, now: datetime) -> float:
    """The member's predicted recall of the card at `now` (fsrs's own computation)."""
    card = fsrs.Card(card_id=1, state=fsrs.State(state.state), step=state.step, stability=state.stability,
                     difficulty=state.difficulty, due=state.due, last_review=state.last_review)
    return float(_CURVE.get_card_retrievability(card, now))


@dataclass(frozen=True, slots=True)
class CardMemory:
    """What the group remembers of one card: how many members have seen it, and the sum of their 1 - R."""

    members: int
    forgetting: float

    @property
    def retention(self) -> float:
        return 1.0 - self.forgetting / self.members

    @property
    def score(self) -> float:
        return (self.forgetting / self.members) * math.log(1 + self.members)


def group_memory(states: Iterable[tuple[str, SrsState]], now: datetime) -> dict[str, CardMemory]:
    """(card id, one member's state) pairs -> the group's memory per card (cards nobody has seen are absent)."""
    members: dict[str, int] = {}
    forgetting: dict[str, float] = {}
    for card_id, state in states:
        if not has_seen(state):
            continue
        members[card_id] = members.get(card_id, 0) + 1
        forgetting[card_id] = forgetting.get(card_id, 0.0) + (1.0 - retrievability(state, now))
    return {card_id: CardMemory(count, forgetting[card_id]) for card_id, count in members.items()}


@dataclass(frozen=True, slots=True)
class ReviewPick:
    """The card to post and why: `memory` (members/retention say how the group holds it), `new` (the
    one-in-five turn), `unseen` (nobody has seen any eligible card yet)."""

    card_id: str
    reason: PickReason
    members: int = 0
    retention: float | None = None


def is_new_material_turn(post_number: int) -> bool:
    """The schedule's 5th, 10th, 15th, ... post (numbered from 1)."""
    return post_number > 0 and post_number % NEW_MATERIAL_EVERY == 0


def pick_review_card(
    eligible: Sequence[str],
    memory: Mapping[str, CardMemory],
    *,
    post_number: int,
    last_posted: str | None = None,
    posted_before: Collection[str] = (),
) -> ReviewPick | None:
    """The card a `review` schedule posts as its `post_number`-th post; None when nothing is eligible.

    `eligible`: the deck's eligible card ids in deck order. `memory`: the group's memory of the cards
    some member has seen (other ids are ignored). `posted_before`: cards this schedule has posted.
    """
    order = list(dict.fromkeys(eligible))
    if not order:
        return None
    seen = [card for card in order if card in memory and memory[card].members > 0]
    seen_set = set(seen)
    unseen = [card for card in order if card not in seen_set]
    if unseen and (not seen or is_new_material_turn(post_number)):
        fresh = [card for card in unseen if card not in posted_before] or unseen
        return ReviewPick(fresh[0], "new" if seen else "unseen")
    candidates = seen
    others = [card for card in seen if card != last_posted]
    if len(others) < len(seen) and any(memory[card].score > 0 for card in others):
        candidates = others
    best = candidates[0]
    for card in candidates[1:]:
        if memory[card].score > memory[best].score:  # strictly greater: ties keep deck order
            best = card
    found = memory[best]
    return ReviewPick(best, "memory", found.members, found.retention)


def explain(reason: str | None, members: int | None, retention: float | None) -> str | None:
    """Why a review schedule picked its latest card, as `/schedule list` shows it."""
    if reason == "memory" and members and retention is not None:
        percent = str(round(retention * 100))
        if members == 1:
            return Marked(N_("retention {percent}% across {count} member"), percent=percent, count=str(members))
        return Marked(N_("retention {percent}% across {count} members"), percent=percent, count=str(members))
    if reason == "new":
        return Marked(N_("new material (1 in {every})"), every=str(NEW_MATERIAL_EVERY))
    if reason == "unseen":
        return Marked(N_("new material (no member has seen these cards yet)"))
    return None
