import pytest

from bot.core.shards import ShardSet, format_shard_ids, parse_shard_ids, shard_of


def test_a_server_goes_to_the_shard_of_its_id_timestamp() -> None:
    guild_id = (123_456 << 22) | 0x3FFFFF  # the low 22 bits (worker, process, increment) don't count
    assert shard_of(guild_id, 1) == 0
    assert shard_of(guild_id, 2) == 0
    assert shard_of(guild_id, 5) == 123_456 % 5
    assert shard_of(1 << 22, 2) == 1
    with pytest.raises(ValueError):
        shard_of(guild_id, 0)


def test_a_shard_set_owns_only_its_shards_servers() -> None:
    first_half = ShardSet.of(4, [1, 0])
    assert first_half.ids == (0, 1) and not first_half.is_all and first_half.gets_direct_messages
    assert [first_half.owns(n << 22) for n in range(6)] == [True, True, False, False, True, True]
    assert ShardSet.of(3).is_all and ShardSet.of(3).owns(2 << 22)
    assert not ShardSet.of(2, [1]).gets_direct_messages
    assert first_half.with_ids([3]).ids == (3,)
    assert ShardSet.of(8, [0, 1, 2, 3, 6]).describe() == "0-3,6 of 8"
    assert (ShardSet.of(8, [0, 1, 2, 3, 6]).share, ShardSet.of(2, [1]).share, ShardSet.of(3).share) == (5 / 8, 0.5, 1.0)
    for count, ids in ((0, (0,)), (2, ()), (2, (2,)), (2, (1, 0))):
        with pytest.raises(ValueError):
            ShardSet(count, ids)


@pytest.mark.parametrize(("text", "count", "ids"), [
    ("0-3", 8, (0, 1, 2, 3)), ("0,2", 4, (0, 2)), (" 2 , 0-1 ", 4, (0, 1, 2)), ("1-1,1", 2, (1,)),
])
def test_shard_ids_are_read_from_ranges_and_lists(text: str, count: int, ids: tuple[int, ...]) -> None:
    assert parse_shard_ids(text, count) == ids
    assert parse_shard_ids(format_shard_ids(ids), count) == ids


@pytest.mark.parametrize(("text", "bad"), [("0-4", "0-4"), ("3-1", "3-1"), ("a", "a"), ("0,", ""), ("-1", "-1"),
                                           ("1-", "1-")])
def test_a_bad_shard_id_is_named(text: str, bad: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_shard_ids(text, 4)
    assert str(caught.value) == bad
