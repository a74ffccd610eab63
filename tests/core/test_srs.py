"""The FSRS wrapper: explicit ids (no clock, no sleep), fuzz only from the random source given."""

import random
import time
from datetime import UTC, datetime, timedelta

from bot.core.srs import FlashRating, rating_for_verdict, review, srs_card_id

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def _history(rng: random.Random | None, ratings: list[FlashRating]) -> list[datetime]:
    state, now, dues = None, NOW, []
    for rating in ratings:
        state = review(state, rating, deck_id="d", card_id="c", now=now, rng=rng)
        dues.append(state.due)
        now = state.due
    return dues


def test_ids_are_stable_and_need_no_sleep() -> None:
    assert srs_card_id("d", "c") == srs_card_id("d", "c") != srs_card_id("d", "c2")
    started = time.perf_counter()
    for _ in range(200):
        review(None, FlashRating.GOOD, deck_id="d", card_id="c", now=NOW, rng=None)
    assert time.perf_counter() - started < 0.2  # fsrs.Card() without an id sleeps 1 ms each


def test_same_seed_same_schedule_and_no_fuzz_without_rng() -> None:
    ratings = [FlashRating.GOOD] * 6
    assert _history(random.Random(7), ratings) == _history(random.Random(7), ratings)
    assert _history(None, ratings) == _history(None, ratings)
    fuzzed = {tuple(_history(random.Random(seed), ratings)) for seed in range(8)}
    assert len(fuzzed) > 1  # long intervals do spread


def test_again_comes_back_sooner_than_easy() -> None:
    again = review(None, FlashRating.AGAIN, deck_id="d", card_id="c", now=NOW, rng=None)
    easy = review(None, FlashRating.EASY, deck_id="d", card_id="c", now=NOW, rng=None)
    assert NOW < again.due < easy.due
    assert again.due - NOW <= timedelta(minutes=10)


def test_verdict_to_rating() -> None:
    assert rating_for_verdict(True) == FlashRating.GOOD
    assert rating_for_verdict(False) == FlashRating.AGAIN
