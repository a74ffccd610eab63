"""Property: whatever a member does, wherever, no service call returns anything of a server the caller
can't see.

Three servers upload decks under the same ids (`shared` in all three, `extra` in two), every text of a
card tagged with its server (`srvN`; the built-in deck is tagged `srv0`). Random calls as random
(server or DM, member): card look-ups with any owner a button could name, answers, appeals, due cards,
stats, drills, deck lists, appeal lists, and removing and re-uploading decks (which frees their ids).
After each call, every tag in what came back must belong to a deck the caller may see: in a server, the
built-in decks and that server's; in a DM, the built-in decks and those of servers the member studies in.
A small model of the history also checks that stats count only the place's own answers and that an
answer is appealed at most once.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app.wiring import open_services
from bot.content.isolated import check_texts_here
from bot.core.errors import RecallError
from bot.core.srs import FlashRating
from bot.services.api import Learner
from bot.services.bundle import Services
from tests.services.scoping_decks import shared_deck

SERVERS = (1001, 2002, 3003)
MEMBERS = (11, 12, 13)
DECK_IDS = ("shared", "extra", "pub", "missing")
CARDS = ("f1", "c1", "o1")
ADMIN = 99
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
TAG = re.compile(r"srv(\d+)")

place = st.sampled_from((*SERVERS, None))
owner = st.sampled_from((None, 0, *SERVERS))
call = st.one_of(
    st.tuples(st.just("find"), place, st.sampled_from(MEMBERS), st.sampled_from(DECK_IDS), st.sampled_from(CARDS), owner),
    st.tuples(st.just("answer"), place, st.sampled_from(MEMBERS), st.sampled_from(DECK_IDS), st.sampled_from(CARDS), owner),
    st.tuples(st.just("appeal"), place, st.sampled_from(MEMBERS), st.integers(0, 30), st.booleans()),
    st.tuples(st.just("review"), st.sampled_from(SERVERS), st.integers(0, 30), st.booleans()),
    st.tuples(st.just("due"), place, st.sampled_from(MEMBERS)),
    st.tuples(st.just("stats"), place, st.sampled_from(MEMBERS)),
    st.tuples(st.just("drill"), place, st.sampled_from(MEMBERS), st.sampled_from((None, *DECK_IDS))),
    st.tuples(st.just("decks"), place),
    st.tuples(st.just("appeals"), st.sampled_from(SERVERS), st.sampled_from(DECK_IDS)),
    st.tuples(st.just("card"), place, st.sampled_from(DECK_IDS), st.sampled_from(CARDS)),
    st.tuples(st.just("remove"), st.sampled_from(SERVERS), st.sampled_from(("shared", "extra"))),
    st.tuples(st.just("upload"), st.sampled_from(SERVERS), st.sampled_from(("shared", "extra"))),
)
# The history before the random calls: members answering decks of servers (and the built-in one in DMs).
answered = st.tuples(st.sampled_from(MEMBERS), st.sampled_from((*SERVERS, None)), st.sampled_from(("shared", "extra", "pub")),
                     st.sampled_from(CARDS))


@dataclass
class Model:
    """What the calls did: where each member answered, and each answer's place and appeal."""

    studied: dict[int, set[int]] = field(default_factory=dict)  # member -> servers they answered in
    attempts: dict[int, tuple[int, int | None, str]] = field(default_factory=dict)  # id -> (member, place, kind)
    appealed: set[int] = field(default_factory=set)

    def visible(self, guild: int | None, member: int) -> set[int]:
        return {0, guild} if guild is not None else {0, *self.studied.get(member, set())}

    def answers_in(self, guild: int | None, member: int) -> int:
        return sum(1 for who, where, _ in self.attempts.values() if who == member and (guild is None or where == guild))


def tags(value: Any) -> set[int]:
    return {int(found) for found in TAG.findall(repr(value))}


async def upload(services: Services, guild: int, deck_id: str, right: int = 0) -> None:
    await services.admin.upload_deck(guild, ADMIN, f"{deck_id}.yaml", shared_deck(guild, deck_id, right=right).encode(),
                                     now=NOW)


async def run(path: Path, history: list[tuple[Any, ...]], calls: list[tuple[Any, ...]], seed: int) -> None:
    [(builtin, _errors, _warnings)] = await check_texts_here([(shared_deck(0, "pub"), "pub.yaml")])
    assert builtin is not None
    services = await open_services(f"sqlite:///{path}", {"pub": builtin})
    rng, model = random.Random(seed), Model()
    try:
        for guild in SERVERS:
            await upload(services, guild, "shared")
        for guild in SERVERS[:2]:
            await upload(services, guild, "extra", right=1)
        for member, guild, deck_id, card_id in history:  # a DM names a server the member studies in
            studied = sorted(model.studied.get(member, ()))
            named = studied[0] if guild is None and deck_id != "pub" and studied else None
            await one_call(services, model, rng, NOW, "answer", [guild, member, deck_id, card_id, named])
        for step, (name, *args) in enumerate(calls):
            await one_call(services, model, rng, NOW + timedelta(minutes=step), name, args)
    finally:
        await services.close()


async def one_call(services: Services, model: Model, rng: random.Random, now: datetime, name: str,
                   args: list[Any]) -> None:
    if name in ("remove", "upload"):
        guild, deck_id = args
        with contextlib.suppress(RecallError):  # removing a deck the server doesn't have
            await (services.admin.remove_deck(guild, deck_id) if name == "remove" else upload(services, guild, deck_id))
        return
    if name == "decks":
        (guild,) = args
        assert tags(services.catalogue.decks(guild)) <= ({0, guild} if guild is not None else {0})
        return
    if name == "appeals":
        guild, deck_id = args
        items = await services.admin.appeals(guild, deck_id)
        assert tags(items) <= {0, guild}
        assert all(model.attempts[item.attempt_id][1] == guild for item in items)  # answered in that server
        return
    if name == "review":
        guild, pick, accept = args
        attempt_id = sorted(model.attempts)[pick % len(model.attempts)] if model.attempts else pick
        try:
            await services.admin.review_appeal(guild, attempt_id, accept=accept, reviewer=ADMIN, now=now)
        except RecallError:
            return
        assert model.attempts[attempt_id][1] == guild and attempt_id in model.appealed  # an appeal of that server
        return
    if name == "card":
        guild, deck_id, card_id = args
        with contextlib.suppress(RecallError):
            assert tags(services.catalogue.card(guild, deck_id, card_id)) <= ({0, guild} if guild is not None else {0})
        return
    guild, member, *rest = args
    if name == "appeal":  # an open answer appealed by its own member where it was given, or any answer by anyone
        pick, own = rest
        choices = sorted(a for a, (_m, _g, kind) in model.attempts.items() if kind == "open" or not own)
        attempt_id = choices[pick % len(choices)] if choices else pick
        if own and attempt_id in model.attempts:
            member, guild = model.attempts[attempt_id][:2]
        rest = [attempt_id]
    learner, allowed = Learner(member, guild), model.visible(guild, member)
    try:
        result = await member_call(services, model, rng, now, name, learner, rest)
    except RecallError:
        return  # refused: nothing returned (answers: nothing recorded, checked by the stats counts)
    assert tags(result) <= allowed, (name, learner, rest, result)


async def member_call(services: Services, model: Model, rng: random.Random, now: datetime, name: str,
                      learner: Learner, rest: list[Any]) -> Any:
    member, guild = learner.user_id, learner.guild_id
    if name == "find":
        deck_id, card_id, owner_named = rest
        return await services.recall.find_card(learner, deck_id, card_id, deck_guild=owner_named)
    if name == "answer":
        deck_id, card_id, owner_named = rest
        common = {"now": now, "rng": rng, "deck_guild": owner_named}
        if card_id == "f1":
            outcome = await services.recall.rate_flashcard(learner, deck_id, card_id, FlashRating(1 + rng.randrange(4)), **common)
        elif card_id == "c1":
            outcome = await services.recall.answer_choice(learner, deck_id, card_id, rng.randrange(3), **common)
        else:
            outcome = await services.recall.answer_open(learner, deck_id, card_id, rng.choice(["apple", "no idea", ""]),
                                                 **common)
        model.attempts[outcome.attempt_id] = (member, guild, outcome.kind)
        if guild is not None:
            model.studied.setdefault(member, set()).add(guild)
        return outcome
    if name == "appeal":
        (attempt_id,) = rest
        known = model.attempts.get(attempt_id)
        try:
            appeal = await services.recall.appeal(learner, attempt_id, now=now)
        except RecallError:
            appealable = known is not None and known[:2] == (member, guild) and known[2] == "open"
            assert not appealable or attempt_id in model.appealed  # refused: not theirs, not here, or appealed
            return None
        assert known is not None and known[:2] == (member, guild) and attempt_id not in model.appealed
        if not appeal.already_credited:
            model.appealed.add(attempt_id)
        return appeal
    if name == "due":
        return await services.recall.due_cards(learner, now=now + timedelta(days=30))
    if name == "stats":
        stats = await services.recall.stats(learner, now=now)
        assert stats.total.attempts == model.answers_in(guild, member)  # only this place's answers (DM: all own)
        return stats
    (deck_id,) = rest
    return await services.recall.next_card(learner, now=now, rng=rng, deck_id=deck_id)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=st.lists(answered, min_size=2, max_size=12), calls=st.lists(call, min_size=5, max_size=40),
       seed=st.integers(0, 2**32))
def test_no_call_returns_another_server_s_data(history: list[tuple[Any, ...]], calls: list[tuple[Any, ...]],
                                               seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(Path(folder) / "recall.db", history, calls, seed))
