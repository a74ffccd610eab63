"""Dropping interactions that are already past Discord's deadline, whatever the host clock's offset."""

from bot.app.overload import DISCORD_EPOCH_MS, StaleInteractions, created_ms


def snowflake(at_ms: float) -> str:
    return str((int(at_ms) - DISCORD_EPOCH_MS) << 22 | 7)


class Clock:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __call__(self) -> float:
        return self.seconds


def test_a_snowflake_tells_when_it_was_made() -> None:
    assert created_ms(snowflake(1_764_288_000_123)) == 1_764_288_000_123
    assert created_ms("not-a-number") is None and created_ms(None) is None and created_ms(0) is None


def test_ages_are_measured_from_the_youngest_seen_so_a_clock_offset_cancels_out() -> None:
    clock = Clock(1_764_288_000.0)
    for offset_s in (0.0, 7.0, -4.0):  # the host clock ahead of Discord's, then behind
        stale = StaleInteractions(clock=clock)
        sent_at = (clock.seconds - offset_s) * 1000 - 40  # 40 ms of transit
        assert not stale.is_stale(snowflake(sent_at))
        assert not stale.is_stale(snowflake(sent_at - 2_400))  # queued 2.4 s: can still be answered
        assert stale.is_stale(snowflake(sent_at - 2_600))  # queued 2.6 s: too late to do anything
        assert stale.dropped == 1


def test_the_reference_follows_a_clock_step_within_two_windows() -> None:
    clock = Clock(1_764_288_000.0)
    stale = StaleInteractions(window_seconds=30, clock=clock)
    assert not stale.is_stale(snowflake(clock.seconds * 1000))
    clock.seconds += 1
    stepped = clock.seconds * 1000 - 5_000  # the host clock jumped 5 s ahead
    assert stale.is_stale(snowflake(stepped))  # looks late at first...
    for _ in range(2):
        clock.seconds += 30
        stale.is_stale(snowflake(clock.seconds * 1000 - 5_000))
    assert not stale.is_stale(snowflake(clock.seconds * 1000 - 5_000))  # ...not once the old reference is gone


def test_ids_that_are_not_snowflakes_are_never_dropped() -> None:
    stale = StaleInteractions(clock=Clock(1_764_288_000.0))
    assert not stale.is_stale(None) and not stale.is_stale("abc") and stale.dropped == 0
