import discord
import pytest
from discord.http import Route

from bot.app.gateway import point_rest_at


@pytest.fixture(autouse=True)
def restore_bases():  # type: ignore[no-untyped-def]
    saved = Route.BASE, discord.asset.Asset.BASE
    yield
    Route.BASE, discord.asset.Asset.BASE = saved


def test_rest_and_cdn_follow_the_api_base() -> None:
    point_rest_at("http://127.0.0.1:8080/api/v10/")
    assert Route.BASE == "http://127.0.0.1:8080/api/v10"
    assert Route("GET", "/users/@me").url == "http://127.0.0.1:8080/api/v10/users/@me"
    assert discord.asset.Asset.BASE == "http://127.0.0.1:8080/cdn"


def test_explicit_cdn() -> None:
    point_rest_at("https://chat.example/api/v10", "https://cdn.example/")
    assert discord.asset.Asset.BASE == "https://cdn.example"
