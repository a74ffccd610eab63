"""Decks and cards: the content model every layer shares.

The rules of validity live here so that the YAML loader, the importers, deck uploads and the
JSON Schema for editors all agree. Messages are written for deck authors, not programmers.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

# Discord limits (https://discord.com/developers/docs): they shape what a card may hold.
POLL_ANSWER_MAX = 55
POLL_QUESTION_MAX = 300
BUTTON_LABEL_MAX = 80
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELD_MAX = 1024
MAX_OPTIONS = 10
MIN_OPTIONS = 2
DECK_ID_MAX = 32
CARD_ID_MAX = 40

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$"

Level = Literal["beginner", "intermediate", "advanced"]
Kind = Literal["flashcard", "choice", "open"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")
KINDS: tuple[Kind, ...] = ("flashcard", "choice", "open")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
FieldText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=EMBED_FIELD_MAX)]
DeckId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=DECK_ID_MAX)]
CardId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=CARD_ID_MAX)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
ImageUrl = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]


class _Strict(BaseModel):
    # strict: a YAML `yes` or `1999` where text was meant is an error, not a silent conversion.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Option(_Strict):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=BUTTON_LABEL_MAX)]
    correct: bool = False


class Concept(_Strict):
    """One idea an open answer should contain, recognised by any of its keywords (or synonyms)."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    keywords: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]] = (
        Field(min_length=1)
    )


class _CardBase(_Strict):
    id: CardId
    level: Level
    tags: list[Tag] = Field(default_factory=list)
    image: ImageUrl | None = None


class Flashcard(_CardBase):
    kind: Literal["flashcard"]
    front: LongText
    back: LongText

    @property
    def title(self) -> str:
        return self.front


class ChoiceCard(_CardBase):
    kind: Literal["choice"]
    question: LongText
    options: list[Option]
    explanation: FieldText

    @property
    def title(self) -> str:
        return self.question

    @field_validator("options")
    @classmethod
    def _options_are_answerable(cls, options: list[Option]) -> list[Option]:
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            raise ValueError(
                f"a choice card needs {MIN_OPTIONS} to {MAX_OPTIONS} options, found {len(options)}"
            )
        correct = sum(1 for option in options if option.correct)
        if correct != 1:
            raise ValueError(f"a choice card needs exactly one correct option, found {correct}")
        texts = [option.text.casefold() for option in options]
        if len(set(texts)) != len(texts):
            raise ValueError("two options have the same text")
        return options

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)

    @property
    def fits_poll(self) -> bool:
        """Whether Discord can show this card as a native poll (else it is posted with buttons)."""
        return len(self.question) <= POLL_QUESTION_MAX and all(
            len(option.text) <= POLL_ANSWER_MAX for option in self.options
        )


class OpenCard(_CardBase):
    kind: Literal["open"]
    prompt: LongText
    hint: FieldText | None = None
    concepts: list[Concept] = Field(default_factory=list)
    model_answer: LongText | None = None

    @property
    def title(self) -> str:
        return self.prompt

    @model_validator(mode="after")
    def _gradable(self) -> OpenCard:
        if not self.concepts and self.model_answer is None:
            raise ValueError("an open card needs concepts, or a model_answer to derive them from")
        if len(self.concepts) > 25:
            raise ValueError(f"an open card may have at most 25 concepts, found {len(self.concepts)}")
        names = [concept.name.casefold() for concept in self.concepts]
        if len(set(names)) != len(names):
            raise ValueError("two concepts have the same name")
        return self


Card = Annotated[Flashcard | ChoiceCard | OpenCard, Field(discriminator="kind")]


class Deck(_Strict):
    id: DeckId
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    description: FieldText | None = None
    tags: list[Tag] = Field(default_factory=list)
    cards: list[Card] = Field(min_length=1)

    @field_validator("cards")
    @classmethod
    def _card_ids_unique(cls, cards: list[Flashcard | ChoiceCard | OpenCard]) -> list[Flashcard | ChoiceCard | OpenCard]:
        seen: set[str] = set()
        for card in cards:
            if card.id in seen:
                raise ValueError(f"the card id {card.id!r} is used twice in this deck")
            seen.add(card.id)
        return cards

    def card(self, card_id: str) -> Flashcard | ChoiceCard | OpenCard | None:
        return next((card for card in self.cards if card.id == card_id), None)


AnyCard = Flashcard | ChoiceCard | OpenCard


class DeckWarning(BaseModel):
    """Something that still loads but that an author should know about."""

    model_config = ConfigDict(frozen=True)
    path: tuple[str | int, ...]
    message: str


def deck_warnings(deck: Deck) -> list[DeckWarning]:
    warnings: list[DeckWarning] = []
    for index, card in enumerate(deck.cards):
        if isinstance(card, ChoiceCard) and not card.fits_poll:
            long = [i for i, option in enumerate(card.options) if len(option.text) > POLL_ANSWER_MAX]
            if long:
                warnings.append(
                    DeckWarning(
                        path=("cards", index, "options", long[0], "text"),
                        message=(
                            f"option longer than {POLL_ANSWER_MAX} characters: this card can't be a native poll "
                            "and will be posted as a button question instead"
                        ),
                    )
                )
            else:
                warnings.append(
                    DeckWarning(
                        path=("cards", index, "question"),
                        message=(
                            f"question longer than {POLL_QUESTION_MAX} characters: this card can't be a native "
                            "poll and will be posted as a button question instead"
                        ),
                    )
                )
    return warnings
