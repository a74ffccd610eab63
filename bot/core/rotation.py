"""Which card a schedule posts next: every eligible card once per cycle, in a random order.

State lives with the caller as "the card ids posted in the current cycle" (e.g. rows of the
schedule's posts tagged with a cycle number), so a restart or a new process continues the same
cycle. Picking uniformly among the cards not yet posted is the same as walking a shuffled deck, and
needs no stored order. When every eligible card was posted, the pick opens a new cycle and says
so once (`deck_exhausted`), so the admins are told once per exhaustion.

Deck edits are tolerated: ids posted earlier but no longer eligible are ignored; cards added
mid-cycle join the current cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from random import Random


@dataclass(frozen=True)
class RotationPick:
    """The card to post. If `deck_exhausted`, the previous cycle is complete: the caller starts a new
    cycle (posted-in-cycle becomes just this card) and tells the admins that the deck went round."""

    card_id: str
    deck_exhausted: bool
    remaining_after: int  # eligible cards still to come in the cycle after this one


def pick_next_card(
    eligible: Iterable[str],
    posted_in_cycle: Iterable[str],
    rng: Random,
    *,
    last_posted: str | None = None,
) -> RotationPick | None:
    """The next card of the rotation, or None when nothing is eligible (tell the admins, post nothing).

    `last_posted`: the card posted most recently, so a new cycle doesn't open with the card that
    closed the previous one (when there is any other choice).
    The choice depends only on the arguments' contents (not their order) and the rng's state.
    """
    pool = sorted(set(eligible))
    if not pool:
        return None
    already = set(posted_in_cycle)
    remaining = [card for card in pool if card not in already]
    if remaining:
        choice = rng.choice(remaining)
        return RotationPick(choice, deck_exhausted=False, remaining_after=len(remaining) - 1)
    candidates = [card for card in pool if card != last_posted] or pool
    choice = rng.choice(candidates)
    return RotationPick(choice, deck_exhausted=True, remaining_after=len(pool) - 1)
