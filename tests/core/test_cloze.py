"""Cloze markup (bot/core/cloze.py) and typed gap grading (bot/core/cloze_grading.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import cloze
from bot.core.cloze import ClozeError, answers, blanked, parse, plain, problem, revealed, split_gap_id
from bot.core.cloze_grading import grade_gap
from bot.core.deck import ClozeCard, ClozeGap, Deck, Flashcard
from bot.core.limits import MAX_TYPO_COMPARISONS

TEXT = "{{c1::Mitochondria}} make {{c2::ATP::energy molecule}}; {{c1::they}} have DNA"


def test_each_number_is_one_card_with_all_its_occurrences_blanked_together() -> None:
    assert parse(TEXT).numbers == (1, 2)
    assert blanked(TEXT, 1) == "[...] make ATP; [...] have DNA"
    assert blanked(TEXT, 2) == "Mitochondria make [energy molecule]; they have DNA"  # the hint in the blank
    assert answers(TEXT, 1) == ("Mitochondria", "they")
    assert answers(TEXT, 2) == ("ATP",)
    assert revealed(TEXT, 2, "**", "**") == "Mitochondria make **ATP**; they have DNA"
    assert plain(TEXT) == "Mitochondria make ATP; they have DNA"


def test_a_gap_nested_in_another_is_shown_in_the_outer_card_and_blanked_inside_it() -> None:
    text = "{{c1::a {{c2::b}} c}} d"
    assert blanked(text, 1) == "[...] d" and answers(text, 1) == ("a b c",)
    assert blanked(text, 2) == "a [...] c d" and answers(text, 2) == ("b",)
    assert parse("{{c1::{{c2::{{c3::x}}}}}}").numbers == (1, 2, 3)  # three deep is allowed


def test_text_that_only_looks_like_markup_is_kept() -> None:
    text = "f(x) = {{x}} }} a::b {{c1::y}}"
    assert blanked(text, 1) == "f(x) = {{x}} }} a::b [...]"
    assert blanked("{{C1::Upper}} case", 1) == "[...] case"  # Anki accepts C1 too


@pytest.mark.parametrize(("text", "says"), [
    ("{{c1:Mitochondria}}", "two colons"),
    ("{{c0::zero}}", "from 1 to 99"),
    ("{{c100::big}}", "from 1 to 99"),
    ("{{c01::lead}}", "from 1 to 99"),
    ("{{c::none}}", "two colons"),
    ("{{c1::never closed", "never closed"),
    ("{{c1::}}", "is empty"),
    ("{{c1::   ::hint}}", "is empty"),
    ("no gap here", "at least one gap"),
    ("{{c1::a::{{c2::b}}}}", "inside a hint"),
    ("{{c1::{{c2::{{c3::{{c4::x}}}}}}}}", "nested more than 3 deep"),
    (" ".join(f"{{{{c{n}::w}}}}" for n in range(1, 22)), "at most 20"),
    ("x" * 4001, "at most 4,000"),
])
def test_broken_markup_is_an_author_message(text: str, says: str) -> None:
    message = problem(text)
    assert message is not None and says in message
    with pytest.raises(ClozeError):
        parse(text)


def test_broken_markup_names_where() -> None:
    assert "at character 7" in (problem("Cells {{c1:x}}") or "")


def test_gap_ids_are_strict() -> None:
    assert split_gap_id("cell:c2") == ("cell", 2) and split_gap_id("cell:c99") == ("cell", 99)
    for forged in ("cell:c0", "cell:c1:c1", "cell:c007", "cell:c100", "cell:C1", "cell", ":c1", "Cell:c1",
                   "cell:c1 ", "a" * 60 + ":c1"):
        assert split_gap_id(forged) is None, forged


def test_a_deck_names_each_gap_by_card_id_and_number() -> None:
    card = ClozeCard(id="cell", level="beginner", kind="cloze", text=TEXT, extra="more")
    deck = Deck(id="d", title="D", cards=[card, Flashcard(id="f", level="advanced", kind="flashcard", front="F", back="B")])
    gap = deck.card("cell:c2")
    assert isinstance(gap, ClozeGap) and gap.id == "cell:c2" and gap.kind == "cloze" and gap.level == "beginner"
    assert gap.extra == "more" and gap.blanked == blanked(TEXT, 2)  # other fields read through to the card
    assert deck.card("cell") is card  # the card itself (the catalogue refuses to study it whole)
    for forged in ("cell:c3", "cell:c0", "cell:c1:c1", "f:c1", "nope:c1"):
        assert deck.card(forged) is None, forged
    assert [c.id for c in deck.study_cards()] == ["cell:c1", "cell:c2", "f"]


def test_typed_answers_are_graded_word_by_word_with_the_grader_s_typo_rule() -> None:
    typo = grade_gap("mitocondria", ["Mitochondria"])
    assert typo.correct and typo.words[0].typed == "mitocondria"
    assert grade_gap("the mitochondria!", ["Mitochondria"]).correct  # little words and marks are free
    assert grade_gap("Mitochondrion", ["mitochondria"]).correct  # two edits allowed from 9 letters on
    assert not grade_gap("Chloroplasts", ["Mitochondria"]).correct
    assert not grade_gap("nitochondria", ["Mitochondria"]).correct  # a typo keeps the first letter
    assert not grade_gap("APT", ["ATP"]).correct  # under 6 letters: no typo allowed (as for keywords)
    assert grade_gap("colour", ["color"]).correct and grade_gap("makes", ["make"]).correct  # normalised words
    both = grade_gap("Paris", ["Paris", "France"])
    assert not both.correct and [(w.word, w.matched) for w in both.words] == [("Paris", True), ("France", False)]
    assert grade_gap("france, paris", ["Paris", "France"]).correct  # any order
    assert grade_gap("to be", ["to be"]).correct  # a gap of little words needs them
    assert grade_gap("x = 3 + 4", ["+"]).correct and not grade_gap("3 - 4", ["+"]).correct  # symbols as text
    assert not grade_gap("", ["ATP"]).correct


def test_a_pasted_dictionary_is_not_credited() -> None:
    words = " ".join(f"word{n}" for n in range(30))
    grade = grade_gap(f"mitochondria {words}", ["Mitochondria"])
    assert grade.words[0].matched and grade.too_long and not grade.correct


def test_hostile_answers_do_bounded_work(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.core.cloze_grading as module

    calls = 0
    real = module.OSA.distance

    def counting(*args: object, **kwargs: object) -> int:
        nonlocal calls
        calls += 1
        return int(real(*args, **kwargs))  # type: ignore[arg-type]

    monkeypatch.setattr(module.OSA, "distance", counting)
    expected = [" ".join(f"mitochondrion{chr(97 + i % 26)}{i}" for i in range(200))]
    hostile = " ".join(f"mitochondrio{chr(97 + i % 26)}x" for i in range(2000))  # all one letter off, 4,000+ chars
    grade = grade_gap(hostile, expected)
    assert calls <= MAX_TYPO_COMPARISONS and not grade.correct


@st.composite
def markup(draw: st.DrawFn) -> str:
    pieces = st.sampled_from(["{{c1::", "{{c2::", "{{c12::", "{{c0::", "{{c1:", "}}", "::", "{", "}", ":", "c1",
                              "word", " ", "ATP", "é", "\n", "{{c3::x::h}}"])
    return "".join(draw(st.lists(pieces, max_size=30)))


@given(markup())
@settings(max_examples=400, deadline=None)
def test_any_markup_is_read_or_refused_with_a_message_never_a_crash(text: str) -> None:
    try:
        parsed = parse(text)
    except ClozeError as error:
        assert str(error)
        return
    assert parsed.numbers and len(parsed.numbers) <= cloze.MAX_GAP_NUMBERS
    for number in parsed.numbers:
        found = answers(text, number)
        assert found and all(found)  # every number has an occurrence, none of them empty
        assert blanked(text, number).count("[") >= len(found)  # each occurrence blanked
        assert revealed(text, number) == plain(text)  # shown with no marks, every card reads the same text


@given(st.text(max_size=300), st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=3))
@settings(max_examples=300, deadline=None)
def test_any_typed_answer_is_graded(answer: str, expected: list[str]) -> None:
    grade = grade_gap(answer, expected)
    assert grade.expected == tuple(expected) and len(grade.words) >= 1
    if grade.correct:
        assert all(word.matched for word in grade.words)


@given(st.lists(st.sampled_from(["Mitochondria", "ATP", "make", "energy", "DNA"]), min_size=1, max_size=4))
@settings(max_examples=100, deadline=None)
def test_the_expected_words_themselves_are_always_correct(words: list[str]) -> None:
    assert grade_gap(" ".join(words), [" ".join(words)]).correct
