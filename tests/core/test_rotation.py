"""Card rotation: no repeats within a cycle, a shuffled new cycle, and one exhaustion notice per cycle."""

from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.rotation import RotationPick, pick_next_card

CARDS = [f"card-{n}" for n in range(8)]


def run_cycles(eligible: list[str], picks: int, seed: int) -> list[RotationPick]:
    """Pick repeatedly, keeping only what a database would keep: the ids posted in the current cycle."""
    rng = Random(seed)
    in_cycle: list[str] = []
    made: list[RotationPick] = []
    for _ in range(picks):
        pick = pick_next_card(eligible, in_cycle, rng, last_posted=made[-1].card_id if made else None)
        assert pick is not None
        in_cycle = [pick.card_id] if pick.deck_exhausted else [*in_cycle, pick.card_id]
        made.append(pick)
    return made


def test_a_cycle_posts_every_card_once_then_announces_exhaustion_once() -> None:
    picks = run_cycles(CARDS, 3 * len(CARDS), seed=7)
    for cycle in range(3):
        chunk = picks[cycle * len(CARDS) : (cycle + 1) * len(CARDS)]
        assert sorted(p.card_id for p in chunk) == CARDS
        assert [p.deck_exhausted for p in chunk] == [cycle > 0] + [False] * (len(CARDS) - 1)
        assert [p.remaining_after for p in chunk] == list(range(len(CARDS) - 1, -1, -1))


def test_a_new_cycle_does_not_open_with_the_card_that_closed_the_last() -> None:
    for seed in range(30):
        picks = run_cycles(CARDS[:3], 9, seed)
        for closing, opening in zip(picks[2::3], picks[3::3], strict=False):
            assert opening.deck_exhausted and opening.card_id != closing.card_id


def test_the_order_is_shuffled_and_reproducible_from_the_seed() -> None:
    orders = {tuple(p.card_id for p in run_cycles(CARDS, len(CARDS), seed)) for seed in range(20)}
    assert len(orders) > 10  # 8! orders: twenty seeds almost never agree
    assert run_cycles(CARDS, 20, seed=3) == run_cycles(CARDS, 20, seed=3)


def test_the_pick_ignores_the_order_and_duplicates_of_its_inputs() -> None:
    forwards = pick_next_card(CARDS, ["card-1", "card-2"], Random(5))
    backwards = pick_next_card([*reversed(CARDS), "card-0"], ["card-2", "card-1", "card-1"], Random(5))
    assert forwards == backwards


def test_nothing_eligible_gives_none() -> None:
    assert pick_next_card([], [], Random(1)) is None
    assert pick_next_card([], ["gone"], Random(1)) is None


def test_a_one_card_deck_repeats_it_and_says_so_each_time() -> None:
    first = pick_next_card(["only"], [], Random(1))
    again = pick_next_card(["only"], ["only"], Random(1), last_posted="only")
    assert first == RotationPick("only", deck_exhausted=False, remaining_after=0)
    assert again == RotationPick("only", deck_exhausted=True, remaining_after=0)


def test_cards_removed_from_the_deck_are_forgotten_and_new_ones_join_the_cycle() -> None:
    posted = ["card-0", "card-1", "retired"]
    pick = pick_next_card(["card-0", "card-1", "card-9"], posted, Random(2))
    assert pick == RotationPick("card-9", deck_exhausted=False, remaining_after=0)


@settings(max_examples=100, deadline=None)
@given(
    decks=st.lists(st.sets(st.sampled_from([*CARDS, "x", "y", "z"]), min_size=1), min_size=1, max_size=4),
    seed=st.integers(0, 2**32),
    picks_per_deck=st.integers(1, 25),
)
def test_never_a_repeat_within_a_cycle_even_as_the_deck_changes(
    decks: list[set[str]], seed: int, picks_per_deck: int
) -> None:
    rng = Random(seed)
    in_cycle: list[str] = []
    last: str | None = None
    for deck in decks:  # the admins edit the deck between runs
        for _ in range(picks_per_deck):
            pick = pick_next_card(deck, in_cycle, rng, last_posted=last)
            assert pick is not None and pick.card_id in deck
            still_to_post = deck - set(in_cycle)
            # Exhausted exactly when every eligible card was already posted in this cycle.
            assert pick.deck_exhausted == (not still_to_post)
            if pick.deck_exhausted:
                in_cycle = [pick.card_id]
            else:
                assert pick.card_id not in in_cycle
                in_cycle.append(pick.card_id)
            assert pick.remaining_after == len(deck - set(in_cycle))
            last = pick.card_id
