"""What the bot reads from a deck, as plain data: shared by a test and the child process it starts.

Imports only the core (no pydantic), so a child that refuses pydantic can import it too.
"""

from __future__ import annotations

from bot.core.deck import ChoiceCard, Deck, deck_warnings


def summary(deck: Deck) -> dict[str, object]:
    """Properties and lookups the bot uses, not only the stored fields."""
    return {
        "id": deck.id,
        "titles": [card.title for card in deck.cards],
        "answers": [card.correct_index for card in deck.cards if isinstance(card, ChoiceCard)],
        "polls": [card.fits_poll for card in deck.cards if isinstance(card, ChoiceCard)],
        "lookup": [deck.card(card.id) == card for card in deck.cards] + [deck.card("no-such-card") is None],
        "warnings": [[list(warning.path), warning.message] for warning in deck_warnings(deck)],
    }
