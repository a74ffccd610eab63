"""English canonical words (bot/core/text_normalize.py): a short verb's silent e stays with its -ed and
-ing forms, as a longer verb's goes with all of them."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from bot.core.text_normalize import canonical_word


@pytest.mark.parametrize(
    "forms",
    [
        "use uses used using",
        "move moves moved moving",
        "take takes taking",
        "note notes noted noting",
        "vote votes voted voting",
        "code codes coded coding",
        "age ages aged aging",
        "store stores stored storing",  # (longer verbs: the e goes everywhere, as before)
    ],
)
def test_the_forms_of_a_verb_ending_in_a_silent_e_are_one_word(forms: str) -> None:
    assert len({canonical_word(form) for form in forms.split()}) == 1


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("hopped", "hop"), ("hoped", "hope"),  # a doubled consonant: no e
        ("fixed", "fix"), ("sawed", "saw"),  # x, w: never doubled, no e
        ("added", "add"), ("asked", "ask"), ("aimed", "aim"),  # not one vowel then one consonant
        ("liked", "lik"),  # "like" is a little word: its forms stay content words
    ],
)
def test_other_short_stems_keep_no_e(word: str, base: str) -> None:
    assert canonical_word(word) == base


def test_noted_is_not_a_negation() -> None:
    assert canonical_word("noted") != "not"
    concept = Concept(name="atp", keywords=["makes ATP"])
    assert grade_answer("As we noted in class, the mitochondrion makes ATP.", [concept]).concepts[0].hit


@pytest.mark.parametrize(
    ("keyword", "answer"),
    [
        ("uses glucose", "The cell is using glucose right now."),
        ("move the magnet", "The magnet is moved into the coil."),
        ("lamp uses", "The energy is used by the lamp."),
        ("vote", "The council voted against the plan."),
    ],
)
def test_short_verbs_match_their_inflected_forms(keyword: str, answer: str) -> None:
    assert grade_answer(answer, [Concept(name="idea", keywords=[keyword])]).concepts[0].hit


def test_a_run_together_word_ending_in_a_short_e_word_still_splits() -> None:
    # "everytime" reads "everytim": its last part stays a word without its e (tools/build_lexicon.py)
    assert grade_answer("It resends everytime a packet is lost.", [Concept(name="x", keywords=["every"])]).concepts[0].hit
