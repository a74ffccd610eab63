"""Uploaded decks are checked in real child processes, each deck under limits of its own: a deck that
burns CPU, crashes or hangs the checker gets an error, and every other deck is still checked."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.content import per_deck
from bot.content.isolated import DeckCheckFailed, check_texts, check_texts_here

ROOT = Path(__file__).resolve().parents[2]
GOOD = (ROOT / "content" / "model-optimization-nlp.yaml").read_text(encoding="utf-8")
CHILD = "tests.content.failing_checker"


def deck(number: int, note: str = "") -> tuple[str, str]:
    text = f"{note}\nid: deck-{number}\ntitle: Deck {number}\ncards:\n  - id: c\n    kind: flashcard\n" \
           f"    level: beginner\n    front: Front {number}?\n    back: Back\n"
    return text, f"deck-{number}.yaml"


async def test_the_verdicts_are_those_of_the_loader_in_order() -> None:
    texts = [deck(1), (GOOD, "sample.yaml"), ("id: broken\n", "broken.yaml"), deck(2)]
    assert await check_texts(texts) == await check_texts_here(texts)


async def test_each_deck_that_breaks_the_checker_is_refused_alone() -> None:
    """Decks that burn CPU, crash the checker (two in a row, the first first in its batch) or make it
    write garbage: each gets its own error, every other deck its verdict, in order. (The wall-clock
    limit is generous here, so that a busy machine can't turn the CPU limit into a timeout.)"""
    notes = {1: "# test: crash", 2: "# test: crash", 4: "# test: burn-cpu", 7: "# test: garbage"}
    texts = [deck(n, notes.get(n, "")) for n in range(1, 9)]
    verdicts = await per_deck.check_each(texts, child_module=CHILD, deck_cpu_seconds=1, deck_wall_seconds=60)
    assert [v[0].id if v[0] else None for v in verdicts] == [
        None, None, "deck-3", None, "deck-5", "deck-6", None, "deck-8"]
    why = {1: "the checker stopped with code 3: no message", 2: "the checker stopped with code 3: no message",
           4: "more than 1 s of CPU", 7: "the deck checker's answer can't be read"}
    for number, reason in why.items():
        assert verdicts[number - 1][1] == [
            f"deck-{number}.yaml: the deck checker gave up on this deck ({reason}); make it smaller or simpler"]


async def test_a_deck_that_hangs_the_checker_is_refused_at_the_time_limit() -> None:
    texts = [deck(1), deck(2, "# test: hang"), deck(3)]
    started = time.monotonic()
    verdicts = await per_deck.check_each(texts, child_module=CHILD, deck_cpu_seconds=5, deck_wall_seconds=1.5)
    assert time.monotonic() - started < 30
    assert [v[0].id if v[0] else None for v in verdicts] == ["deck-1", None, "deck-3"]
    assert verdicts[1][1] == ["deck-2.yaml: the deck checker gave up on this deck (no verdict within 2 s); make it "
                              "smaller or simpler"]


async def test_batches_are_cut_by_count_and_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(per_deck, "BATCH_DECKS", 3)
    children = []
    real = per_deck._run_child

    async def counted(*args: object, **kwargs: object) -> object:
        children.append(len(args[0]))  # type: ignore[arg-type]
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(per_deck, "_run_child", counted)
    verdicts = await check_texts([deck(n) for n in range(7)])
    assert children == [3, 3, 1] and all(v[0] is not None for v in verdicts)
    monkeypatch.setattr(per_deck, "BATCH_BYTES", 1)  # each deck alone (a batch holds at least one)
    children.clear()
    await check_texts([deck(n) for n in range(2)])
    assert children == [1, 1]


async def test_a_checker_that_cannot_start_fails_the_whole_call(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DeckCheckFailed, match="stopped with code 1"):
        await per_deck.check_each([deck(1)], child_module="no.such.module")


async def test_nothing_to_check_starts_nothing() -> None:
    assert await per_deck.check_each([], child_module="no.such.module") == []
