"""Writing a reply in a language: catalogue look-up, plurals by CLDR rule, numbers, fallbacks, and the
language travelling with the tasks an interaction starts."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.core.errors import RecallError
from bot.core.messages import N_
from bot.i18n import voice
from bot.i18n.replies import Replies
from bot.i18n.voice import enter, in_server_language, reply_language, say, say_error, say_n, speaking


@pytest.fixture
def catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small Spanish catalogue instead of the shipped one (whose wording may change)."""
    spanish = Replies(
        "es",
        singular={"Deck {deck} has {count} cards": "El mazo {deck} tiene {count} tarjetas",
                  "Broken {name}": "Roto {nombre}"},
        plural={"{count} card": ("{count} tarjeta", "{count} de tarjetas", "{count} tarjetas")},
        plural_index=lambda n: 0 if n == 1 else 1 if n != 0 and n % 1000000 == 0 else 2,
    )
    monkeypatch.setattr(voice, "replies", lambda language: spanish)


def test_english_is_the_text_in_the_code() -> None:
    assert reply_language() == "en"
    assert say("You got {hits}/{total} concepts", hits=3, total=5) == "You got 3/5 concepts"
    assert say_n("{count} card", "{count} cards", 1) == "1 card"
    assert say_n("{count} card", "{count} cards", 1234) == "1,234 cards"


def test_a_translation_fills_the_same_placeholders(catalogue: None) -> None:
    with speaking("es"):
        assert say("Deck {deck} has {count} cards", deck="Biología", count=1500) == (
            "El mazo Biología tiene 1.500 tarjetas")


@pytest.mark.parametrize(("count", "expected"), [(1, "1 tarjeta"), (0, "0 tarjetas"), (2, "2 tarjetas"),
                                                 (1000000, "1.000.000 de tarjetas")])
def test_plurals_follow_the_languages_rule(catalogue: None, count: int, expected: str) -> None:
    with speaking("es"):
        assert say_n("{count} card", "{count} cards", count) == expected


def test_a_missing_or_broken_translation_falls_back_to_english(catalogue: None,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    with speaking("es"), caplog.at_level(logging.WARNING):
        assert say("Nobody translated {this}", this="x") == "Nobody translated x"
        assert say("Broken {name}", name="y") == "Broken y"
    assert "does not fit its placeholders" in caplog.text


def test_an_error_is_translated_from_its_template(catalogue: None) -> None:
    error = RecallError(N_("Deck {deck} has {count} cards"), deck="Física", count=3)
    assert str(error) == "Deck Física has 3 cards"  # the terminal and the logs keep English
    with speaking("es"):
        assert say_error(error) == "El mazo Física tiene 3 tarjetas"
        assert say_error(RecallError("Something {odd} nobody marked")) == "Something {odd} nobody marked"


def test_the_language_travels_with_the_tasks_an_interaction_starts() -> None:
    async def reply() -> tuple[str, str]:
        member = reply_language()
        with in_server_language():
            return member, reply_language()

    async def interaction() -> tuple[str, str]:
        enter("ja", "de")  # what the interaction hook does before discord.py starts the tasks
        return await asyncio.create_task(reply())

    assert asyncio.run(interaction()) == ("ja", "de")
    assert reply_language() == "en"  # and it never leaks out of them


@pytest.mark.parametrize(("language", "expected"), [("de", "12.345,5"), ("fr", "12\u202f345,5"), ("ja", "12,345.5")])
def test_numbers_in_the_languages_form(language: str, expected: str) -> None:
    with speaking(language):
        assert say("{n}", n=12345.5) == expected
