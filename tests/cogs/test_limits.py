"""The biggest cards a deck may hold still make valid Discord messages (embeds <= 6000 characters,
descriptions <= 4096, fields <= 1024, content <= 2000)."""

from bot.cogs.drill import embeds as drill_embeds
from bot.cogs.drill.runs import DrillRun, Question
from bot.cogs.explain.embeds import grade_embed, prompt_embed
from bot.cogs.flashcard.embeds import back_embed, front_embed
from bot.cogs.quiz.embeds import question_embed, verdict_text
from bot.core.deck import ChoiceCard, Concept, Flashcard, OpenCard, Option
from bot.core.grading import ConceptVerdict, GradeResult
from bot.services.api import AnswerOutcome, Learner, StreakView

LONG = "W" * 2000
FIELD = "F" * 1024
STREAK = StreakView(current=12, longest=40, freezes_held=2, freeze_days=(), studied_today=True, today=None, points=999)  # type: ignore[arg-type]


def valid(embed) -> None:  # type: ignore[no-untyped-def]
    assert len(embed) <= 6000
    assert len(embed.description or "") <= 4096 and len(embed.title or "") <= 256
    assert all(len(f.value or "") <= 1024 and len(f.name or "") <= 256 for f in embed.fields)


def outcome(**kwargs) -> AnswerOutcome:  # type: ignore[no-untyped-def]
    base = dict(attempt_id=1, deck_id="d", card_id="c", kind="open", correct=False, points=3, duplicate=False, streak=STREAK)
    return AnswerOutcome(**{**base, **kwargs})  # type: ignore[arg-type]


def test_open_card_at_its_limits() -> None:
    concepts = [Concept(name=f"{i:02d}" + "N" * 98, keywords=["k"]) for i in range(25)]
    card = OpenCard(id="c", kind="open", level="advanced", prompt=LONG, hint=FIELD, concepts=concepts, model_answer=LONG)
    grade = GradeResult(tuple(ConceptVerdict(c.name, i % 2 == 0, None, 50) for i, c in enumerate(concepts)))
    valid(prompt_embed("T" * 100, card))
    embed = grade_embed(card, outcome(grade=grade))
    valid(embed)
    assert embed.title == "You got 13/25 concepts"
    run = DrillRun(id="x", learner=Learner(1, None), source="drill", count=25, position=25)
    details = drill_embeds.open_details(card, ["✓ x"] * 25, True)
    valid(drill_embeds.verdict_embed(run, Question("d", "T" * 100, card), "You got 1/2 concepts", details, False))


def test_choice_and_flash_cards_at_their_limits() -> None:
    options = [Option(text=f"{i}" + "O" * 79, correct=i == 3) for i in range(10)]
    card = ChoiceCard(id="c", kind="choice", level="beginner", question=LONG, options=options, explanation=FIELD)
    valid(question_embed("T" * 100, card))
    text = verdict_text(card, outcome(kind="choice", correct_index=3, chosen_index=1, duplicate=True))
    assert len(text) <= 2000 and "already answered" in text and "the answer is **3" in text
    flash = Flashcard(id="f", kind="flashcard", level="beginner", front=LONG, back=LONG)
    valid(front_embed("T" * 100, flash))
    valid(back_embed(flash))
