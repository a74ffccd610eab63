"""A card as a form: the fields a member types to suggest a card (and a reviewer edits), and back.

A form gives text only; `form_card_data` turns it into the card as a deck file would write it, so the
deck checker judges it by the deck file's rules (lengths, options, ids, keyword budget). What a form can
get wrong that a deck file can't (which option is right, a concept line) is said here, in the form's
words. `field_messages` puts the checker's messages back in the form's words ("Front: this is empty").
Pure: no Discord, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from bot.core.deck import EMBED_FIELD_MAX, MAX_OPTIONS, ChoiceCard, Concept, DeckCard, Flashcard, OpenCard
from bot.core.messages import N_, Marked

FormKind = Literal["flashcard", "choice", "open"]
FORM_KINDS: tuple[FormKind, ...] = ("flashcard", "choice", "open")
INPUT_MAX = 4000  # Discord's longest text input; the deck's own limits are checked after


@dataclass(frozen=True, slots=True)
class FormField:
    key: str  # the text input's custom_id and the stored field's name
    label: str  # marked N_, at most 45 characters (Discord) in every language: shown with `say_marked`
    paragraph: bool
    required: bool = True
    placeholder: str | None = None  # a `Marked` text when set (`say_marked(placeholder)`)


CONCEPTS = FormField("concepts", N_("Concepts (name: keyword, keyword)"), True, False,
                     Marked(N_("One concept per line, e.g. distillation: teacher, student")))
FORMS: dict[FormKind, tuple[FormField, ...]] = {
    "flashcard": (FormField("front", N_("Front (the question)"), True), FormField("back", N_("Back (the answer)"), True)),
    "choice": (
        FormField("question", N_("Question"), True),
        FormField("options", N_("Options, one per line"), True,
                  placeholder=Marked(N_("{least} to {most} lines"), least=2, most=MAX_OPTIONS)),
        FormField("answer", N_("Which is right (its number or text)"), False),
        FormField("explanation", N_("Explanation (shown after answering)"), True),
    ),
    "open": (
        FormField("prompt", N_("Prompt (the question)"), True),
        FormField("hint", N_("Hint (optional)"), True, required=False),
        FormField("model_answer", N_("Model answer"), True),
    ),
}
# A field's name in a problem about it (its label without the explanation in brackets).
_LABELS = {"front": N_("Front"), "back": N_("Back"), "question": N_("Question"), "options": N_("Options, one per line"),
           "answer": N_("Which is right"), "explanation": N_("Explanation"), "prompt": N_("Prompt"), "hint": N_("Hint"),
           "model_answer": N_("Model answer"), "concepts": N_("Concepts"), "level": N_("Level"), "id": N_("Card id"),
           "cards": N_("Card")}
_CHECKER_LINE = re.compile(r"^[^:]*:\d+ cards\[0\]\.?(?P<path>\S*): (?P<message>.*)$", re.DOTALL)
_SPACES = re.compile(r"\s+")


class FormProblem(ValueError):
    """What is wrong with a form, in the form's words (one line per problem)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def form_fields(kind: FormKind, *, with_concepts: bool = False) -> tuple[FormField, ...]:
    """The inputs of a kind's form (a reviewer's form of an open card adds its concepts: 4 inputs, of 5)."""
    fields = FORMS[kind]
    return (*fields, CONCEPTS) if with_concepts and kind == "open" else fields


def _text(values: Mapping[str, str], key: str) -> str:
    return str(values.get(key) or "").strip()


def _options(values: Mapping[str, str]) -> list[dict[str, Any]]:
    lines = [line.strip() for line in _text(values, "options").splitlines()]
    texts = [line for line in lines if line]
    answer = _text(values, "answer")
    if not answer:
        raise FormProblem([Marked(N_("Which is right: write the number of the right option (1 to {count}) or its text."),
                                  count=str(len(texts)))])
    if answer.isdigit() and 1 <= int(answer) <= len(texts):
        right = int(answer) - 1
    else:
        matches = [i for i, text in enumerate(texts) if text.casefold() == answer.casefold()]
        if len(matches) != 1:
            raise FormProblem([Marked(N_("Which is right: {answer} is neither an option's number (1 to {count}) nor the "
                                         "text of one option."), answer=repr(answer[:80]), count=str(len(texts)))])
        right = matches[0]
    return [{"text": text, "correct": True} if i == right else {"text": text} for i, text in enumerate(texts)]


def parse_concepts(text: str) -> list[dict[str, Any]]:
    """`name: keyword, keyword` lines as deck-file concepts (a line without `:` is its own keyword)."""
    concepts: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, rest = line.partition(":")
        keywords = [_SPACES.sub(" ", k).strip() for k in (rest.split(",") if colon else [name])]
        keywords = [k for k in keywords if k]
        if not name.strip() or not keywords:
            raise FormProblem([Marked(N_("Concepts, line {line}: write `name: keyword, keyword`."), line=str(number))])
        concepts.append({"name": _SPACES.sub(" ", name).strip(), "keywords": keywords})
    return concepts


def concepts_text(concepts: list[Concept] | tuple[Concept, ...]) -> str:
    """Concepts as the form shows them: one `name: keyword, keyword` line each."""
    return "\n".join(f"{c.name}: {', '.join(c.keywords)}" for c in concepts)


def form_card_data(kind: FormKind, values: Mapping[str, str], *, card_id: str, level: str,
                   base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The card a form describes, as a deck file would write it (still to be checked by the deck's rules).

    `base`: the card being edited (as `card_data` gives it): what the form doesn't show (tags, media,
    misconceptions, a concept's `requires`) is kept. `FormProblem` if the form can't describe a card."""
    data: dict[str, Any] = dict(base or {})
    data.update({"id": card_id, "kind": kind, "level": str(data.get("level") or level)})
    if base is not None and base.get("kind") != kind:
        raise FormProblem([Marked(N_("That card is of another kind now; open the form again."))])
    if kind == "flashcard":
        data.update(front=_text(values, "front"), back=_text(values, "back"))
    elif kind == "choice":
        data.update(question=_text(values, "question"), options=_options(values),
                    explanation=_text(values, "explanation"))
    else:
        data.update(prompt=_text(values, "prompt"), model_answer=_text(values, "model_answer") or None,
                    hint=_text(values, "hint") or None)
        if "concepts" in values:
            old = {c["name"].casefold(): c for c in (base or {}).get("concepts", [])}
            concepts = parse_concepts(str(values["concepts"]))
            for concept in concepts:  # roles the form doesn't show stay with the concept of that name
                kept = old.get(concept["name"].casefold(), {})
                concept.update({k: kept[k] for k in ("requires", "not_with") if k in kept})
            data["concepts"] = concepts
        for key in ("hint", "model_answer"):
            if data[key] is None:
                del data[key]
    return data


def card_form(card: DeckCard, *, with_concepts: bool = False) -> dict[str, str]:
    """A card's form, filled in (an admin's Edit)."""
    if isinstance(card, Flashcard):
        return {"front": card.front, "back": card.back}
    if isinstance(card, ChoiceCard):
        return {"question": card.question, "options": "\n".join(o.text for o in card.options),
                "answer": str(card.correct_index + 1), "explanation": card.explanation}
    if isinstance(card, OpenCard):
        values = {"prompt": card.prompt, "hint": card.hint or "", "model_answer": card.model_answer or ""}
        if with_concepts:
            values["concepts"] = concepts_text(card.concepts)
        return values
    raise FormProblem([Marked(N_("Cloze cards can't be edited with a form yet; change the deck file."))])


def field_messages(errors: list[str]) -> list[str]:
    """The deck checker's messages about a one-card deck, in the form's words (`Marked`, still translatable
    when the checker's lines were)."""
    said: list[str] = []
    for error in errors:
        match = _CHECKER_LINE.match(error)
        held = error.params.get("message") if isinstance(error, Marked) else None
        if match is None:
            bare = isinstance(held, Marked) and "field" not in error.params  # type: ignore[attr-defined]
            said.append(held if bare else error.split(" ", 1)[-1])  # type: ignore[arg-type]
            continue
        path = match["path"]
        head = re.split(r"[.\[]", path, maxsplit=1)[0] if path else "cards"
        where: str = Marked(_LABELS[head]) if head in _LABELS else head
        message = held if isinstance(held, Marked) else match["message"]
        rest = re.sub(r"\[(\d+)\]", lambda m: f" #{int(m[1]) + 1}", path[len(head):]).replace(".", " ").strip()
        if rest:
            said.append(Marked("{where} ({rest}): {message}", where=where, rest=rest, message=message))
        else:
            said.append(Marked("{where}: {message}", where=where, message=message))
    return said


def clip_field(text: str, limit: int = EMBED_FIELD_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["CONCEPTS", "FORMS", "FORM_KINDS", "INPUT_MAX", "FormField", "FormKind", "FormProblem", "card_form",
           "concepts_text", "field_messages", "form_card_data", "form_fields", "parse_concepts"]
