"""Scheduling's `pick: review`: the group's memory read before the claim, the card chosen inside it.

The memory read (`ScheduleStore.group_memory`, one aggregate query on the read connection) runs before
the claim's write transaction, so the writer is never held by it; the claim then only counts the
schedule's own posts (`PostHistory`) and calls the pure pick (`bot.core.group_pick`). Members counted
are those who answered the card in the schedule's own server (see docs/scoping.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from bot.core.deck import Deck
from bot.core.group_pick import CardMemory, explain, forgetting_curve, pick_review_card
from bot.core.instants import to_ms
from bot.core.schedule_kinds import eligible_card_ids, parse_kind, parse_level
from bot.services.api import DeckRef
from bot.services.schedule_records import PickWhy, PostHistory, PostRow, ScheduleRow
from bot.services.server_ports import ScheduleStore

Memories = Mapping[int, Mapping[str, CardMemory]]  # schedule id -> card id -> the group's memory


def eligible_of(deck: Deck, schedule: ScheduleRow) -> list[str]:
    return eligible_card_ids(deck, parse_kind(schedule.kind), parse_level(schedule.level))


async def read_memories(store: ScheduleStore, rows: Sequence[ScheduleRow],
                        decks: Callable[[int, str], Deck | None],
                        refs: Callable[[int, str], DeckRef | None], now: datetime) -> dict[int, Mapping[str, CardMemory]]:
    """The group's memory of each review schedule's eligible cards, as its own server sees its deck."""
    found: dict[int, Mapping[str, CardMemory]] = {}
    curve = forgetting_curve()
    for row in rows:
        deck, ref = decks(row.guild_id, row.deck_id), refs(row.guild_id, row.deck_id)
        if deck is None or ref is None:
            continue
        found[row.id] = await store.group_memory(row.guild_id, ref.owner, ref.deck_id, eligible_of(deck, row),
                                                 to_ms(now), curve)
    return found


def choose_review(eligible: Sequence[str], memory: Mapping[str, CardMemory], history: PostHistory | None,
                  last_posted: str | None) -> tuple[str, PickWhy] | None:
    """The card of the schedule's next post and why, or None when nothing is eligible."""
    count = history.post_count if history else 0
    pick = pick_review_card(eligible, memory, post_number=count + 1, last_posted=last_posted,
                            posted_before=history.posted_cards if history else ())
    if pick is None:
        return None
    return pick.card_id, PickWhy(pick.reason, pick.members or None, pick.retention)


def why_line(post: PostRow | None) -> str | None:
    """`/schedule list`'s line for a review schedule's latest post (None before its first post)."""
    if post is None:
        return None
    reason = explain(post.pick_reason, post.pick_members, post.pick_retention)
    return f"latest `{post.card_id}`: {reason}" if reason else None
