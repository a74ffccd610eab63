"""The card form's text as deck-file data and back; a server's overlay cards merged into its copy of a deck."""

from __future__ import annotations

import dataclasses

import pytest

from bot.core.card_codec import card_data, card_from_data, fingerprint
from bot.core.card_forms import FormProblem, card_form, field_messages, form_card_data, parse_concepts
from bot.core.deck import ChoiceCard, Concept, Deck, Flashcard, Misconception, OpenCard, Option
from bot.core.overlay_cards import OverlayCard, merge_cards

F1 = Flashcard(id="f1", kind="flashcard", level="beginner", front="F?", back="B")
OPEN = OpenCard(id="o1", kind="open", level="advanced", prompt="Why?", model_answer="Because.", tags=["t"],
                concepts=[Concept(name="cause", keywords=["because"], requires=["why"])],
                misconceptions=[Misconception(triggers=["never"], correction="It does.", contradicts="cause")])


def deck(*cards: Flashcard | OpenCard) -> Deck:
    return Deck(id="d", title="D", cards=list(cards))


def test_which_is_right_by_number_or_text() -> None:
    values = {"question": "Q", "options": " red \n\nGreen\nblue ", "answer": "green", "explanation": "E"}
    data = form_card_data("choice", values, card_id="x", level="beginner")
    assert data["options"] == [{"text": "red"}, {"text": "Green", "correct": True}, {"text": "blue"}]
    assert form_card_data("choice", {**values, "answer": "3"}, card_id="x", level="beginner")["options"][2] == {
        "text": "blue", "correct": True}
    for wrong in ("4", "purple", ""):
        with pytest.raises(FormProblem, match="Which is right"):
            form_card_data("choice", {**values, "answer": wrong}, card_id="x", level="beginner")


def test_concept_lines() -> None:
    assert parse_concepts("student: student, pupil\n\n teacher \n") == [
        {"name": "student", "keywords": ["student", "pupil"]}, {"name": "teacher", "keywords": ["teacher"]}]
    with pytest.raises(FormProblem, match="line 1"):
        parse_concepts(": a, b")


def test_an_edit_keeps_what_the_form_does_not_show() -> None:
    form = card_form(OPEN, with_concepts=True)
    assert form == {"prompt": "Why?", "hint": "", "model_answer": "Because.", "concepts": "cause: because"}
    data = form_card_data("open", {**form, "prompt": "Why so?"}, card_id="o1", level="beginner", base=card_data(OPEN))
    edited = card_from_data(data)
    assert edited == dataclasses.replace(OPEN, prompt="Why so?")  # tags, roles and misconceptions kept
    with pytest.raises(FormProblem):
        form_card_data("flashcard", {"front": "a", "back": "b"}, card_id="o1", level="beginner", base=card_data(OPEN))


def test_card_data_round_trips() -> None:
    choice = ChoiceCard(id="c", kind="choice", level="beginner", question="Q", explanation="E",
                        options=[Option(text="a", correct=True), Option(text="b")])
    for card in (F1, OPEN, choice):
        assert card_from_data(card_data(card)) == card
    assert fingerprint(F1) != fingerprint(dataclasses.replace(F1, back="B2"))
    with pytest.raises(ValueError):
        card_from_data({"kind": "open"})


def test_checker_messages_in_the_forms_words() -> None:
    assert field_messages(["suggestion:1 cards[0].front: this is empty", "suggestion:1 cards[0].concepts[0].keywords[1]:"
                           " too long", "suggestion:1 cards[0]: two concepts have the same name"]) == [
        "Front: this is empty", "Concepts (#1 keywords #2): too long", "Card: two concepts have the same name"]


def test_merge_added_and_edited_cards() -> None:
    added = OverlayCard(Flashcard(id="s-1", kind="flashcard", level="beginner", front="S", back="T"), None)
    edit = OverlayCard(dataclasses.replace(F1, back="fixed"), fingerprint(F1))
    merged = merge_cards(deck(F1), [added, edit])
    assert [c.id for c in merged.cards] == ["f1", "s-1"] and merged.card("f1").back == "fixed"  # type: ignore[union-attr]
    changed = deck(dataclasses.replace(F1, back="new in the file"))  # a re-upload changed f1: the edit is stale
    assert merge_cards(changed, [edit]).card("f1").back == "new in the file"  # type: ignore[union-attr]
    clash = deck(F1, Flashcard(id="s-1", kind="flashcard", level="beginner", front="file", back="x"))
    assert merge_cards(clash, [added]).card("s-1").front == "S"  # type: ignore[union-attr]  # the server's card
    plain = deck(F1)
    assert merge_cards(plain, []) is plain
