"""The /leaderboard picture's adapter: names from the cache or one fetch each (failures named plainly),
the number drawn per metric, and the embed pointing at the attachment."""

from __future__ import annotations

import asyncio
import io
from types import SimpleNamespace
from typing import Any

import discord
import pytest
from PIL import Image

from bot.cogs.progress import scoreboard
from bot.cogs.progress.embeds import leaderboard_embed
from bot.cogs.progress.scoreboard import (
    FORMER_MEMBER,
    SCOREBOARD_FILE,
    UNKNOWN_NAME,
    MemberNames,
    leaderboard_picture,
    picture_language,
    picture_value,
)
from bot.i18n.voice import say, say_marked, speaking
from bot.services.api import Leaderboard, LeaderboardRow


class FakeGuild:
    """`get_member` knows `cached`; `fetch_member` answers from `remote`, 404s, fails, or hangs."""

    def __init__(self, cached: dict[int, str], remote: dict[int, str], *, hang: frozenset[int] = frozenset(),
                 broken: frozenset[int] = frozenset()) -> None:
        self.id = 42
        self.cached, self.remote, self.hang, self.broken = cached, remote, hang, broken
        self.fetched: list[int] = []

    def get_member(self, user_id: int) -> Any:
        return SimpleNamespace(display_name=self.cached[user_id]) if user_id in self.cached else None

    async def fetch_member(self, user_id: int) -> Any:
        self.fetched.append(user_id)
        if user_id in self.hang:
            await asyncio.sleep(60)
        if user_id in self.broken:
            raise discord.HTTPException(SimpleNamespace(status=500, reason="boom"), "boom")
        if user_id not in self.remote:
            raise discord.NotFound(SimpleNamespace(status=404, reason="Unknown Member"), "Unknown Member")
        return SimpleNamespace(display_name=self.remote[user_id])


async def test_names_come_from_the_client_cache_then_one_fetch_each_then_this_cache() -> None:
    guild = FakeGuild({1: "Alice"}, {2: "Bob 😀", 3: "Carol"})
    names = MemberNames()
    found = await names.names(guild, [1, 2, 3, 2, 4])  # type: ignore[arg-type]
    assert found == {1: "Alice", 2: "Bob 😀", 3: "Carol", 4: FORMER_MEMBER}
    assert sorted(guild.fetched) == [2, 3, 4], "one fetch per missing member, duplicates asked once"
    guild.remote[2] = "Bob renamed"
    assert await names.names(guild, [2, 3, 4]) == {2: "Bob 😀", 3: "Carol", 4: FORMER_MEMBER}  # type: ignore[arg-type]
    assert sorted(guild.fetched) == [2, 3, 4], "cached: nothing fetched again"


async def test_cached_names_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(scoreboard.time, "monotonic", lambda: clock[0])
    guild = FakeGuild({}, {2: "Bob"})
    names = MemberNames()
    await names.names(guild, [2])  # type: ignore[arg-type]
    guild.remote[2] = "Robert"
    clock[0] += scoreboard.NAME_TTL_SECONDS + 1
    assert await names.names(guild, [2]) == {2: "Robert"}  # type: ignore[arg-type]
    assert guild.fetched == [2, 2]


async def test_slow_or_failing_lookups_give_a_plain_name_and_are_not_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoreboard, "LOOKUP_SECONDS", 0.05)
    guild = FakeGuild({}, {1: "Alice", 2: "Bob", 3: "Carol"}, hang=frozenset({2}), broken=frozenset({3}))
    names = MemberNames()
    assert await names.names(guild, [1, 2, 3]) == {1: "Alice", 2: UNKNOWN_NAME, 3: UNKNOWN_NAME}  # type: ignore[arg-type]
    guild.hang, guild.broken = frozenset(), frozenset()
    assert await names.names(guild, [1, 2, 3]) == {1: "Alice", 2: "Bob", 3: "Carol"}  # type: ignore[arg-type]


def test_the_name_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoreboard, "MAX_CACHED_NAMES", 3)
    names = MemberNames()
    for user_id in range(10):
        names.remember(1, user_id, f"m{user_id}")
    assert len(names._names) == 3 and (1, 9) in names._names and (1, 0) not in names._names


def board(metric: str, values: list[float]) -> Leaderboard:
    rows = tuple(LeaderboardRow(i + 1, 100 + i, value, 20, 10) for i, value in enumerate(values))
    return Leaderboard(42, "week", metric, None, rows, 10 if metric == "accuracy" else 0)  # type: ignore[arg-type]


def test_the_number_drawn_follows_the_metric() -> None:
    assert picture_value(board("points", [30.0]), 30.0) == 30
    assert picture_value(board("streak", [4.0]), 4.0) == 4
    assert picture_value(board("accuracy", [0.756]), 0.756) == 76


async def test_the_picture_is_an_attachment_the_embed_shows() -> None:
    ranking = board("accuracy", [0.9, 0.5])
    file = await leaderboard_picture(ranking, {100: "Alice"})
    assert file.filename == SCOREBOARD_FILE and file.description
    data = file.fp.read()
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "PNG"
    embed = leaderboard_embed(ranking, picture=SCOREBOARD_FILE)
    assert embed.image.url == f"attachment://{SCOREBOARD_FILE}"
    assert "<@100>" in (embed.description or "") and "<@101>" in (embed.description or "")
    assert leaderboard_embed(ranking).image.url is None


@pytest.mark.parametrize(("language", "title", "former"), [
    ("fr", "Classement · points · cette semaine", "ancien membre"),  # accents drawn as plain letters
    ("ja", "Leaderboard · points · this week", "former member"),  # Pillow's font has no Japanese: English
    ("en", "Leaderboard · points · this week", "former member"),
])
async def test_the_picture_is_written_in_a_language_its_font_can_draw(
    monkeypatch: pytest.MonkeyPatch, language: str, title: str, former: str,
) -> None:
    import bot.ops.scoreboard_image as drawing

    drawn: list[tuple[str, list[Any], str | None]] = []
    monkeypatch.setattr(drawing, "render_scoreboard",
                        lambda t, rows, subtitle=None: drawn.append((t, rows, subtitle)) or b"png")
    ranking = board("points", [30.0, 20.0])
    with speaking(language):
        assert picture_language(ranking) == ("en" if language == "ja" else language)
        names = {100: "Alice", 101: say_marked(FORMER_MEMBER)}  # as MemberNames said it, in the reader's language
        file = await leaderboard_picture(ranking, names)
        alt_text = say("The leaderboard as a picture; the same ranking is written out in the message.")
    ((drawn_title, rows, _subtitle),) = drawn
    assert drawn_title == title and [row.name for row in rows] == ["Alice", former]
    assert file.description == alt_text  # the alt text is read by a screen reader: always the reader's language
