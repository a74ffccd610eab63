"""A card form checked by the deck file's rules: the form's text as deck-file data (bot/core/card_forms.py),
as a one-card deck, through the same deck checker as `/deck upload` (in the bot, a child process; several
forms in one call). What it refuses comes back in the form's words with the text typed, so the member can
try again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.core.card_codec import card_data
from bot.core.card_forms import FormKind, FormProblem, field_messages, form_card_data
from bot.core.deck import DeckCard
from bot.core.errors import RecallError
from bot.core.messages import N_, Marked
from bot.services.deck_checks import DeckChecker
from bot.services.marked_lines import marked_lines

FormToCheck = tuple[FormKind, Mapping[str, str], str, str, DeckCard | None]  # kind, text, card id, level, card edited


class SuggestionRejected(RecallError):
    """A form the deck rules refuse: what to fix, and the text typed (to fill the form again)."""

    def __init__(self, problems: list[str], values: Mapping[str, str]) -> None:
        super().__init__(N_("That card can't be added yet:\n{problems}"), problems=marked_lines(problems, "• "))
        self.problems = problems
        self.values = dict(values)


async def check_forms(check: DeckChecker, deck_id: str, forms: list[FormToCheck]) -> list[DeckCard | SuggestionRejected]:
    """Several forms checked in one call of the deck checker (in the bot: one child process for all)."""
    results: list[DeckCard | SuggestionRejected | None] = []
    texts: list[tuple[str, str]] = []
    media: list[dict[str, Any]] = []
    for kind, values, card_id, level, base in forms:
        try:
            data = form_card_data(kind, values, card_id=card_id, level=level,
                                  base=card_data(base) if base is not None else None)
        except FormProblem as problem:
            results.append(SuggestionRejected(problem.problems, values))
            continue
        results.append(None)
        media.append({key: data.pop(key) for key in ("image", "audio") if key in data})  # the deck's own
        deck = {"id": deck_id, "title": "Suggested card", "cards": [data]}  # i18n: not shown (the checked deck's title)
        texts.append((json.dumps(deck, ensure_ascii=False), "suggestion"))
    verdicts = iter(zip(await check(texts), media, strict=True) if texts else [])
    done: list[DeckCard | SuggestionRejected] = []
    for (_kind, values, *_rest), result in zip(forms, results, strict=True):
        if result is not None:
            done.append(result)
            continue
        (checked, errors, _warnings), kept = next(verdicts)
        if checked is None or len(checked.cards) != 1:
            done.append(SuggestionRejected(field_messages(errors) or [Marked(N_("the card doesn't pass the deck's rules"))],
                                           values))
        else:
            done.append(replace(checked.cards[0], **kept) if kept else checked.cards[0])
    return done

