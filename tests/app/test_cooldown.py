from bot.app.cooldown import MemberCooldowns


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_member_is_limited_and_others_are_not() -> None:
    clock = Clock()
    cooldowns = MemberCooldowns(uses=3, per_seconds=10, clock=clock)
    assert [cooldowns.hit(1, "quiz") for _ in range(3)] == [0.0, 0.0, 0.0]
    clock.now += 4
    assert cooldowns.hit(1, "quiz") == 6.0
    assert cooldowns.hit(2, "quiz") == 0.0
    assert cooldowns.hit(1, "help") == 0.0
    clock.now += 6
    assert cooldowns.hit(1, "quiz") == 0.0


def test_old_entries_are_pruned() -> None:
    clock = Clock()
    cooldowns = MemberCooldowns(uses=2, per_seconds=1, clock=clock)
    for user in range(100):
        cooldowns.hit(user, "quiz")
    clock.now += 10
    cooldowns.hit(999, "quiz")
    assert len(cooldowns._hits) == 1
