"""The study replies (/flashcard, /quiz, /explain, cloze gaps, /drill) in every catalogue language: each
is translated (not the English text) and stays within Discord's limits with the longest cards a deck
allows (form titles and input labels <= 45, placeholders <= 100, button labels <= 80, embeds <= 6000)."""

from __future__ import annotations

import random
from typing import Any

import discord
import pytest

from bot.cogs.cloze.embeds import TypeForm, typed_embed
from bot.cogs.cloze.embeds import front_embed as gap_front
from bot.cogs.cloze.views import gap_message
from bot.cogs.drill import embeds as drill_embeds
from bot.cogs.drill.runs import DrillRun, Question
from bot.cogs.explain.embeds import AnswerForm, grade_embed, prompt_embed
from bot.cogs.explain.views import AppealButton
from bot.cogs.explain.views import card_message as explain_post
from bot.cogs.flashcard.views import card_message as flash_post
from bot.cogs.flashcard.views import rating_view
from bot.cogs.quiz.embeds import verdict_text
from bot.core.cloze_grading import grade_gap
from bot.core.deck import ChoiceCard, ClozeCard, ClozeGap, Concept, Flashcard, OpenCard, Option
from bot.core.grading import FLAG_COPIED, ConceptVerdict, GradeResult
from bot.i18n.languages import CATALOGUE_LANGUAGES
from bot.i18n.voice import speaking
from bot.services.api import AnswerOutcome, Learner, StreakView

LONG = "W" * 2000
SAME_WORD = {"Quiz", "Extra", "Flashcard"}  # words a language borrows as they are
STREAK = StreakView(current=12, longest=40, freezes_held=2, freeze_days=(), studied_today=True, today=None,  # type: ignore[arg-type]
                    points=999)
GAP = ClozeGap(card=ClozeCard(id="c", level="intermediate", kind="cloze", text="The {{c1::" + "x" * 60 + "}} " + LONG[:1900],
                              extra="e" * 1024), number=1)
OPEN = OpenCard(id="o", kind="open", level="advanced", prompt=LONG, hint="H" * 1024,
                concepts=[Concept(name="N" * 100, keywords=["k"]) for _ in range(25)], model_answer=LONG)


def outcome(**kwargs: Any) -> AnswerOutcome:
    base = dict(attempt_id=1, deck_id="d", card_id="c", kind="open", correct=False, points=3, duplicate=True,
                streak=STREAK)
    return AnswerOutcome(**{**base, **kwargs})


def valid(embed: discord.Embed) -> None:
    assert len(embed) <= 6000 and len(embed.description or "") <= 4096 and len(embed.title or "") <= 256
    assert len(embed.footer.text or "") <= 2048
    assert all(len(f.value or "") <= 1024 and len(f.name or "") <= 256 for f in embed.fields)


def form_texts(modal: discord.ui.Modal) -> list[str]:
    data = modal.to_dict()
    (text_input,) = [c for row in data["components"] for c in row["components"]]
    assert len(data["title"]) <= 45 and len(text_input["label"]) <= 45 and len(text_input.get("placeholder", "")) <= 100
    return [data["title"], text_input["label"], text_input.get("placeholder", "")]


def labels(view: discord.ui.View | None) -> list[str]:
    assert view is not None
    found = [str(item.label) for item in view.children if isinstance(item, discord.ui.Button)]
    assert all(0 < len(label) <= 80 for label in found)
    return found


def shown(language: str) -> list[str]:
    """What a member reads of each study reply, built in `language` at Discord's limits."""
    with speaking(language):
        flash = Flashcard(id="f", kind="flashcard", level="beginner", front=LONG, back=LONG)
        post = flash_post("T" * 100, "d", flash, random.Random(1))
        grade = GradeResult(tuple(ConceptVerdict(c.name, i % 2 == 0, "m" * 80, 50) for i, c in enumerate(OPEN.concepts)),
                            flags=(FLAG_COPIED,))
        open_grade = grade_embed(OPEN, outcome(grade=grade))
        typed = typed_embed(GAP, outcome(kind="cloze", cloze=grade_gap("y" * 400, GAP.answers)), "y" * 400)
        choice = ChoiceCard(id="q", kind="choice", level="beginner", question="Q",
                            options=[Option(text="O" * 80, correct=i == 0) for i in range(10)], explanation="E" * 1024)
        verdict = verdict_text(choice, outcome(kind="choice", correct_index=0, chosen_index=1))
        run = DrillRun(id="x", learner=Learner(1, None), source="review", count=25, position=25, correct=3,
                       answered_count=25, missed_concepts=["C" * 100] * 15, streak=STREAK)
        summary = drill_embeds.summary_embed(run)
        drill_back = drill_embeds.back_embed(run, Question("d", "T" * 100, GAP))
        assert post.embed is not None
        embeds = [post.embed, prompt_embed("T" * 100, OPEN), open_grade, typed, gap_front("T" * 100, GAP), summary,
                  drill_back]
        for embed in embeds:
            valid(embed)
        assert len(verdict) <= 2000
        texts = [verdict, *form_texts(AnswerForm("f", "i", LONG))[::2], *form_texts(TypeForm("f", "i", GAP))[:2]]
        texts += labels(post.view) + labels(rating_view("d", "f")) + labels(gap_message("T", "d", GAP).view)
        texts += labels(explain_post("T", "d", OPEN, random.Random(1)).view)
        texts += [str(AppealButton(1).item.label)]
        return texts + [str(e.title) for e in embeds] + [e.footer.text for e in embeds if e.footer.text] + [
            str(f.name) for e in embeds for f in e.fields]


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_study_replies_are_translated_and_fit_discord(language: str) -> None:
    english, translated = shown("en"), shown(language)
    assert len(english) == len(translated)
    same = {text for text, source in zip(translated, english, strict=True) if text == source}
    assert same <= SAME_WORD, same  # every other message reads differently from the English
