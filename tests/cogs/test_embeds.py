"""Embeds stay inside Discord's limits whatever the decks hold."""

from bot.cogs.library.embeds import decks_embed, help_embed
from bot.services.api import DeckSummary


def summary(index: int) -> DeckSummary:
    return DeckSummary(
        id=f"deck-{index}", title="T" * 100, description="D" * 1024, total=30,
        by_kind={"flashcard": 10, "choice": 10, "open": 10}, by_level={"beginner": 30},
    )


def test_many_long_decks_fit_one_message() -> None:
    embed = decks_embed([summary(i) for i in range(40)])
    assert len(embed) <= 6000
    assert 0 < len(embed.fields) <= 25
    assert embed.footer.text and f"{40 - len(embed.fields)} more" in embed.footer.text


def test_counts_per_kind_and_level() -> None:
    embed = decks_embed([summary(1)])
    value = embed.fields[0].value or ""
    assert "10 flashcards · 10 multiple choice · 10 open" in value and "30 beginner" in value


def test_no_decks_and_help() -> None:
    assert "No decks" in (decks_embed([]).description or "")
    assert len(help_embed()) <= 6000
    assert all(len(field.value or "") <= 1024 for field in help_embed().fields)  # Discord's field limit
    assert "/deck report deck [period]" in "".join(field.value or "" for field in help_embed().fields)
