"""The moderation parts (admin, suggest, reports) speak the reader's language within Discord's limits:
every form's title and text input labels at most 45 characters, buttons at most 80, in every language;
the queue's words, a deck report's summary and the welcome written in the language of the block."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import discord
import pytest

from bot.cogs.admin.deck_report import summary
from bot.cogs.admin.keyword_offer import KeywordSelect, added_text
from bot.cogs.admin.sizes import megabytes
from bot.cogs.admin.views import ReviewButton, appeals_reply
from bot.cogs.reports.queue import DismissButton, card_lines
from bot.cogs.reports.views import NoteForm, ReasonButton, ReportButton
from bot.cogs.suggest.forms import CardForm, ReasonForm, card_title, edit_title, suggest_title
from bot.cogs.suggest.views import EditCardButton, SuggestionButton, TryAgainButton
from bot.core.card_forms import FORM_KINDS
from bot.core.card_reports import REASONS, ReportedCard
from bot.i18n.languages import CATALOGUE_LANGUAGES
from bot.i18n.voice import speaking
from bot.services.admin import AppealItem
from bot.services.api import DeckRef
from bot.services.appeal_keywords import KeywordsAdded
from bot.services.deck_report import CardLine, DeckReport

LANGUAGES = ("en", *CATALOGUE_LANGUAGES)
BIGGEST_ID = 10**19 - 1  # the longest id a custom_id template accepts
LONG_CARD = "c" * 60


def forms() -> list[discord.ui.Modal]:
    built: list[discord.ui.Modal] = [ReasonForm("recall:suggest:rejectform:1", BIGGEST_ID), NoteForm("recall:report:note")]
    for kind in FORM_KINDS:
        built += [CardForm("a", suggest_title(kind), kind), CardForm("b", edit_title(BIGGEST_ID), kind, with_concepts=True),
                  CardForm("c", card_title(LONG_CARD), kind, with_concepts=True)]
    return built


def buttons(*, with_reasons: bool = True) -> list[discord.ui.Button[Any]]:
    items: list = [ReviewButton(BIGGEST_ID, True), ReviewButton(BIGGEST_ID, False), EditCardButton("deck", LONG_CARD),
             DismissButton("deck", LONG_CARD), TryAgainButton("token"), ReportButton("deck", "card")]
    items += [SuggestionButton(verb, BIGGEST_ID) for verb in ("accept", "edit", "reject")]
    if with_reasons:  # the reasons' words are the core's (bot.core.card_reports), shown through say_marked
        items += [ReasonButton("deck", "card", reason) for reason in REASONS]
    return [item.item for item in items]


@pytest.mark.parametrize("language", LANGUAGES)
def test_forms_fit_discords_limits_in_every_language(language: str) -> None:
    with speaking(language):
        for form in forms():
            assert len(form.title) <= 45, (language, form.title)
            for field in form.children:
                assert isinstance(field, discord.ui.TextInput)
                label = field.to_component_dict()["label"] or ""  # (the `label` property warns: deprecated in 2.6)
                assert len(label) <= 45, (language, label)
                assert field.placeholder is None or len(field.placeholder) <= 100, (language, field.placeholder)


@pytest.mark.parametrize("language", LANGUAGES)
def test_buttons_and_menus_fit_in_every_language(language: str) -> None:
    with speaking(language):
        labels = [button.label or "" for button in buttons()]
        select = KeywordSelect(1, 0).item
    assert all(0 < len(label) <= 80 for label in labels), (language, labels)
    assert select.placeholder is not None and len(select.placeholder) <= 150


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_forms_and_buttons_are_translated(language: str) -> None:
    english = [forms()[0].title, forms()[1].title, *[button.label for button in buttons(with_reasons=False)]]
    with speaking(language):
        translated = [forms()[0].title, forms()[1].title, *[button.label for button in buttons(with_reasons=False)]]
    assert [text for text, other in zip(english, translated, strict=True) if text == other] == []


def test_a_queue_in_german_keeps_the_members_words_and_mentions() -> None:
    item = AppealItem(attempt_id=7, user_id=42, card_id="c", prompt="Was ist **ATP**?", answer="", missed_concepts=())
    with speaking("de"):
        text = appeals_reply("bio", [item]).content or ""
        reported = card_lines(ReportedCard("c1", "Zelle", 2, {"typo": 2}, ("Tippfehler",)))
        added = added_text(KeywordsAdded(added=(("Energie", "ATP"),), refused=()))
    assert text.splitlines() == ["**#7** von <@42> zu *Was ist \\*\\*ATP\\*\\*?*", "> (leer)", "Verpasste Begriffe: keine"]
    assert reported.startswith("**`c1`** *Zelle*: 2 Mitglieder (") and reported.endswith("\n> Tippfehler")
    assert added == "`ATP` zu den Schlüsselwörtern von *Energie* in der Kopie des Decks auf diesem Server hinzugefügt."


def test_a_report_summary_in_french_and_english_numbers() -> None:
    cards = (CardLine("a", "open", 4, 1, 2, "x"),)
    report = DeckReport(guild_id=1, deck=DeckRef(0, "deck"), title="Paquet", period="week", since=None,
                        now=datetime(2026, 3, 2, tzinfo=UTC), cards=cards, answered=1200, correct=600, members=1,
                        weeks=(), missed_concepts=(), studying=1, behind=0, named=())
    with speaking("fr"):
        lines = summary(report, {}).splitlines()
    assert lines[0] == "**Paquet** (`deck`), les 7 derniers jours : 1\u202f200 réponses par 1 membre, 50\u00a0% de bonnes réponses."
    assert lines[1] == "En retard sur les révisions : 0 sur 1 membre qui étudie ce paquet ici."
    assert summary(report, {}).splitlines()[0] == ("**Paquet** (`deck`), the last 7 days: 1,200 answers by 1 member, "
                                                   "50% right.")


def test_sizes_keep_one_decimal_in_the_readers_form() -> None:
    assert megabytes(1024 * 1024) == "1.0" and megabytes(0) == "0.0"
    with speaking("de"):
        assert megabytes(3 * 1024 * 1024 // 2) == "1,5"
