"""The card buttons' shared base (bot/cogs/card_buttons.py, bot/cogs/card_ids.py) and the card commands'
shared post (bot/cogs/card_command.py) behave as the hand-written classes they replaced: the templates
accept exactly the ids the old ones did and read the same fields from them, a click is answered as its
class says, and /flashcard, /quiz and /explain are declared and look as before."""

from __future__ import annotations

import random
import re
from typing import Any

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import fallback
from bot.cogs.card_buttons import CardButton
from bot.cogs.card_ids import CardIdForm, Field, owned
from bot.cogs.common import ORIGIN, SLUG, Reply
from bot.cogs.explain.cog import ExplainCog
from bot.cogs.explain.views import SUBMIT_TEMPLATE, AnswerButton
from bot.cogs.flashcard.cog import FlashcardCog
from bot.cogs.flashcard.views import RateButton, RevealButton
from bot.cogs.flashcard.views import card_message as flash_message
from bot.cogs.quiz.cog import QuizCog
from bot.cogs.quiz.views import OptionButton
from bot.cogs.quiz.views import card_message as quiz_message
from bot.core.deck import ChoiceCard, Flashcard, OpenCard, Option
from bot.core.srs import FlashRating

# The templates as the first hand-written classes spelt them (before the shared base).
OLD_TEMPLATES: dict[Any, str] = {
    RevealButton: rf"recall:(?:flash:reveal:(?P<deck>{SLUG}):(?P<card>{SLUG}){ORIGIN}|{owned('fv')})",
    RateButton: rf"recall:(?:flash:(?P<rating>again|hard|good|easy):(?P<deck>{SLUG}):(?P<card>{SLUG}){ORIGIN}"
                rf"|{owned('f(?P<letter>[ahge])')})",
    OptionButton: rf"recall:(?:quiz:pick:(?P<deck>{SLUG}):(?P<card>{SLUG}):(?P<index>[0-9]){ORIGIN}"
                  rf"|{owned('q(?P<oindex>[0-9])')})",
    AnswerButton: rf"recall:(?:explain:answer:(?P<deck>{SLUG}):(?P<card>{SLUG}){ORIGIN}|{owned('ea')})",
    "submit": rf"recall:(?:explain:submit:(?P<deck>{SLUG}):(?P<card>{SLUG}){ORIGIN}|{owned('es')})",
}
LETTERS = {"a": FlashRating.AGAIN, "h": FlashRating.HARD, "g": FlashRating.GOOD, "e": FlashRating.EASY}


def new_template(item: Any) -> re.Pattern[str]:
    return re.compile(SUBMIT_TEMPLATE) if item == "submit" else item.__discord_ui_compiled_template__


def old_reading(match: re.Match[str]) -> tuple[object, ...]:
    """What the old classes read from a match: deck, card, owner, scheduled, then the class's own field."""
    groups = match.groupdict()
    if groups["owner"] is not None:
        head: tuple[object, ...] = (match["odeck"], match["ocard"], int(match["owner"], 36), False)
    else:
        head = (match["deck"], match["card"], None, match["origin"] == ":s")
    if groups.get("rating") or groups.get("letter"):
        return (*head, FlashRating[match["rating"].upper()] if match["rating"] else LETTERS[match["letter"]])
    if groups.get("index") or groups.get("oindex"):
        return (*head, int(match["index"] or match["oindex"]))
    return head


async def new_reading(item: Any, match: re.Match[str]) -> tuple[object, ...]:
    if item == "submit":
        from bot.cogs.explain.views import SUBMIT

        said = SUBMIT.read(match)
        return (said.target.deck_id, said.target.card_id, said.target.owner, said.scheduled)
    parsed = await item.from_custom_id(None, None, match)
    extra = tuple(getattr(parsed, name) for name in ("rating", "index") if hasattr(parsed, name))
    return (parsed.deck_id, parsed.card_id, parsed.owner, parsed.scheduled, *extra)


def corpus() -> list[str]:
    """Every form each class posts, and near misses of them."""
    valid = ["recall:flash:reveal:deck-1:card-2", "recall:quiz:pick:d:c:9", "recall:explain:answer:d:c",
             "recall:explain:submit:d:c", *(f"recall:flash:{r.name.lower()}:d:c" for r in FlashRating)]
    valid += [custom_id + ":s" for custom_id in valid]
    valid += [f"recall:{verb}:{owner}:deck:card" for verb in ("fv", "fa", "fh", "fg", "fe", "fx", "f", "q0", "q9",
                                                                "qa", "ea", "es", "eb") for owner in ("0", "zz", "1a2b")]
    misses = []
    for custom_id in valid:
        misses += [custom_id + "x", custom_id[:-1], custom_id.upper(), custom_id.replace(":d:", ":-d:"),
                   custom_id.replace("deck", "de_ck"), custom_id + ":s", custom_id.replace(":9", ":10")]
    misses += ["recall:quiz:pick:d:c:", "recall:fv:0123456789abcd:d:c", "recall:fv::d:c", "recall:flash:reveal:d",
               "recall:flash:reveal:d:c:s", "recall:explain:appeal:12", ""]
    return valid + misses


@pytest.mark.parametrize("item", list(OLD_TEMPLATES), ids=str)
async def test_the_templates_accept_the_same_ids_and_read_the_same_fields(item: Any) -> None:
    old, new = re.compile(OLD_TEMPLATES[item]), new_template(item)
    accepted = 0
    for custom_id in corpus():
        old_match, new_match = old.fullmatch(custom_id), new.fullmatch(custom_id)
        assert bool(old_match) == bool(new_match), custom_id
        if old_match and new_match:
            accepted += 1
            assert await new_reading(item, new_match) == old_reading(old_match), custom_id
    assert accepted >= 3  # the server form, flagged or not, and an owned form at least


@pytest.mark.parametrize("item", list(OLD_TEMPLATES), ids=str)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
async def test_any_id_the_old_template_accepted_reads_the_same(item: Any, data: st.DataObject) -> None:
    custom_id = data.draw(st.from_regex(OLD_TEMPLATES[item], fullmatch=True))
    new_match = new_template(item).fullmatch(custom_id)
    old_match = re.fullmatch(OLD_TEMPLATES[item], custom_id)
    assert new_match is not None and old_match is not None, custom_id
    assert await new_reading(item, new_match) == old_reading(old_match)


def test_a_form_names_its_deck_card_and_fields_once() -> None:
    index = Field("index", {"0": 0})
    with pytest.raises(ValueError, match="must name deck, card"):
        CardIdForm("x:{deck}", "v")
    with pytest.raises(ValueError, match="must name deck, card"):
        CardIdForm("x:{deck}:{card}:{card}", "v")
    with pytest.raises(ValueError, match=r"must name \['index'\]"):
        CardIdForm("x:{deck}:{card}:{index}", "v", (index,))
    form = CardIdForm("x:{index}:{deck}:{card}", "v{index}", (index,))
    with pytest.raises(ValueError, match="carries 1 values, not 0"):
        form.custom_id(RevealButton("d", "c").target)


def test_a_value_no_id_can_carry_is_refused_before_anything_is_posted() -> None:
    with pytest.raises(ValueError, match="can't carry index 10"):
        OptionButton("d", "c", 10, "x")


class Click:
    """Just what a click needs here: where its answer goes."""

    def __init__(self) -> None:
        self.extras: dict[str, Any] = {}
        self.answers: list[tuple[str, dict[str, Any]]] = []
        self.response = self

    async def send_message(self, **kwargs: Any) -> None:
        self.answers.append(("send_message", kwargs))

    async def edit_message(self, **kwargs: Any) -> None:
        self.answers.append(("edit_message", kwargs))


async def test_a_click_is_answered_as_its_class_says(monkeypatch: pytest.MonkeyPatch) -> None:
    async def handle(self: CardButton, interaction: discord.Interaction) -> Reply:
        return Reply(content=f"{type(self).__name__} {self.card_id}")

    for cls in (RevealButton, RateButton, OptionButton):
        monkeypatch.setattr(cls, "handle", handle)
    reveal, rate, pick = Click(), Click(), Click()
    await RevealButton("d", "f1").callback(reveal)  # type: ignore[arg-type]
    await RateButton("d", "f1", FlashRating.GOOD).callback(rate)  # type: ignore[arg-type]
    await OptionButton("d", "c1", 2).callback(pick)  # type: ignore[arg-type]
    assert reveal.answers == [("send_message", {"ephemeral": True, "content": "RevealButton f1"})]
    assert rate.answers == [("edit_message", {"content": "RateButton f1", "embed": None, "view": None})]
    assert pick.answers == [("send_message", {"ephemeral": True, "content": "OptionButton c1"})]
    assert all(click.extras.get(fallback.CLAIMED) for click in (reveal, rate, pick))


async def test_a_failing_click_is_reported_under_the_button_s_name(monkeypatch: pytest.MonkeyPatch) -> None:
    reported: list[tuple[object, str]] = []

    async def report(interaction: Any, error: Exception, where: str) -> None:
        reported.append((error, where))

    async def fail(self: CardButton, interaction: discord.Interaction, *card_kind: object) -> Reply:
        raise LookupError("gone")

    monkeypatch.setattr(fallback, "report_error", report)
    for cls in (RevealButton, RateButton, OptionButton, AnswerButton):
        monkeypatch.setattr(cls, "handle", fail)
        monkeypatch.setattr(cls, "load", fail)  # the Answer button opens a form: it fails while loading the card
    for button in (RevealButton("d", "c"), RateButton("d", "c", FlashRating.AGAIN), OptionButton("d", "c", 0),
                   AnswerButton("d", "c")):
        await button.callback(Click())  # type: ignore[arg-type]
    assert [where for _error, where in reported] == ["flash reveal", "flash rate", "quiz pick", "explain answer"]
    assert all(isinstance(error, LookupError) for error, _where in reported)


@pytest.mark.parametrize(("cog", "name", "description"), [
    (FlashcardCog, "flashcard", "Show a flashcard; anyone can reveal the answer privately"),
    (QuizCog, "quiz", "Post a multiple-choice question; everyone answers privately"),
    (ExplainCog, "explain", "Post an open question; answer in your own words, graded privately"),
])
def test_the_card_commands_are_declared_as_before(cog: Any, name: str, description: str) -> None:
    (command,) = cog.__cog_app_commands__
    assert cog.__cog_name__ == cog.__name__ == f"{name.capitalize()}Cog"
    assert (command.name, command.description) == (name, description)
    assert [(p.name, p.description, p.required, p.autocomplete) for p in command.parameters] == [
        ("deck", "Which deck (default: any)", False, True),
        ("level", "beginner, intermediate or advanced", False, True),
    ]


def test_a_card_s_public_message_looks_as_before() -> None:
    flash = Flashcard(id="f1", kind="flashcard", level="beginner", front="Front?", back="Back.", image="https://x.test/a.png")
    reply = flash_message("Deck", "deck", flash, random.Random(1), owner=1001)
    assert reply.embed is not None and reply.view is not None
    assert reply.embed.to_dict() == {
        "type": "rich", "title": "Flashcard", "description": "Front?", "color": discord.Colour.blurple().value,
        "footer": {"text": "Deck · beginner"}, "image": {"url": "https://x.test/a.png"}, "flags": 0,
    }
    assert [c.custom_id for c in reply.view.children] == ["recall:fv:rt:deck:f1"]  # type: ignore[attr-defined]
    options = [Option(text=text, correct=text == "b") for text in ("a", "b", "c")]
    choice = ChoiceCard(id="c1", kind="choice", level="advanced", question="Q?", options=options, explanation="E.")
    reply = quiz_message("Deck", "deck", choice, random.Random(1), scheduled=True)
    assert reply.embed is not None and reply.view is not None
    assert reply.embed.footer.text == "Deck · advanced · one answer per member"
    assert sorted(c.custom_id for c in reply.view.children) == [  # type: ignore[attr-defined]
        f"recall:quiz:pick:deck:c1:{i}:s" for i in range(3)]
    from bot.cogs.explain.views import card_message as explain_message

    open_card = OpenCard(id="o1", kind="open", level="intermediate", prompt="Why?", concepts=[])
    reply = explain_message("Deck", "deck", open_card, random.Random(1))
    assert reply.embed is not None and reply.view is not None
    assert reply.embed.footer.text == "Deck · intermediate · click Answer; your grade is private"
    assert [c.custom_id for c in reply.view.children] == ["recall:explain:answer:deck:o1"]  # type: ignore[attr-defined]
