"""Decks and cards: the content model every layer shares.

Plain frozen dataclasses, so the bot can hold (and unpickle) decks without importing pydantic. The
rules of validity are written beside each field as markers (bot.core.constraints) that pydantic reads
in the content layer, so that the YAML loader, the importers, deck uploads and the JSON Schema for
editors all agree. Messages are written for deck authors, not programmers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Annotated, Any, ClassVar, Literal

from bot.core import cloze
from bot.core.constraints import Exact, Rule, TaggedBy, Text
from bot.core.limits import (
    KEYWORD_TEXT,
    MAX_CARDS_PER_DECK,
    MAX_CONCEPTS_PER_CARD,
    MAX_CORRECTION_CHARS,
    MAX_KEYWORD_CHARS,
    MAX_KEYWORDS_PER_CONCEPT,
    MAX_MISCONCEPTIONS,
    MAX_RELATION_WORDS,
    MAX_TRIGGERS,
    check_keyword_budget,
)
from bot.core.messages import N_, Marked

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
Kind = Literal["flashcard", "choice", "open", "cloze"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")
KINDS: tuple[Kind, ...] = ("flashcard", "choice", "open", "cloze")

LongText = Annotated[str, Text(min_length=1, max_length=2000)]
FieldText = Annotated[str, Text(min_length=1, max_length=EMBED_FIELD_MAX)]
NameText = Annotated[str, Text(min_length=1, max_length=100)]
DeckId = Annotated[str, Text(strip=False, pattern=SLUG_PATTERN, max_length=DECK_ID_MAX)]
CardId = Annotated[str, Text(strip=False, pattern=SLUG_PATTERN, max_length=CARD_ID_MAX)]
Tag = Annotated[str, Text(min_length=1, max_length=40)]
Tags = Annotated[list[Tag], Exact()]
# The language answers are written in (BCP 47: `es`, `de-AT`, `ja`, `pt-BR`): it picks the grader's rules
# (bot/core/languages); a tag without rules of its own is graded with the English ones.
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$"
LanguageTag = Annotated[str, Text(strip=False, pattern=LANGUAGE_PATTERN, max_length=35)]
DEFAULT_LANGUAGE = "en"
# A picture: a web link, or a file of the deck's media folder (`content/NAME.media/`; bot.content.media
# checks at load time that it is there, of its type and within Discord's upload limit). A name is one
# plain file name: letters, digits, `_`, `-` and single dots, never a path.
MEDIA_NAME = r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*"
IMAGE_SUFFIXES = ("png", "jpg", "jpeg", "gif", "webp")
AUDIO_SUFFIXES = ("mp3", "ogg", "wav", "m4a", "opus")
ImageUrl = Annotated[str, Text(strip=False, max_length=2000,
                               pattern=rf"^(?:https?://\S+|{MEDIA_NAME}\.(?:{'|'.join(IMAGE_SUFFIXES)}))$")]
AudioFile = Annotated[str, Text(strip=False, max_length=200, pattern=rf"^{MEDIA_NAME}\.(?:{'|'.join(AUDIO_SUFFIXES)})$")]


def is_web_link(image: str | None) -> bool:
    """Whether a card's `image` is a link (shown by URL) rather than a media file (sent as an attachment)."""
    return image is not None and image.startswith(("https://", "http://"))


# A keyword-like string: any field typed with it counts in the card's keyword budget (bot.core.limits).
Keyword = Annotated[str, Text(min_length=1, max_length=MAX_KEYWORD_CHARS), KEYWORD_TEXT]

# Unknown keys are errors (a misspelt `frnt:` must not vanish); pydantic reads this, nothing else does.
_FORBID_EXTRA: dict[str, Any] = {"extra": "forbid"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    __pydantic_config__: ClassVar[dict[str, Any]] = _FORBID_EXTRA

    text: Annotated[str, Text(min_length=1, max_length=BUTTON_LABEL_MAX)]
    correct: Annotated[bool, Exact()] = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Concept:
    """One idea an open answer should contain, recognised by any of its keywords (or synonyms)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _FORBID_EXTRA

    name: NameText
    keywords: Annotated[list[Keyword], Exact(min_length=1, max_length=MAX_KEYWORDS_PER_CONCEPT)]
    # Roles (bot/core/grading_relations.py): a keyword counts only if one of `requires` is in its clause,
    # and not if one of `not_with` is ("teacher" with "large", not with "small").
    requires: Annotated[list[Keyword], Exact(max_length=MAX_RELATION_WORDS)] = field(default_factory=list)
    not_with: Annotated[list[Keyword], Exact(max_length=MAX_RELATION_WORDS)] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Misconception:
    """A wrong idea worth correcting: stated (one trigger, not negated), it is answered with the
    correction, and the concept it `contradicts` (a concept name of the card) is not credited."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _FORBID_EXTRA

    triggers: Annotated[list[Keyword], Exact(min_length=1, max_length=MAX_TRIGGERS)]
    correction: Annotated[str, Text(min_length=1, max_length=MAX_CORRECTION_CHARS)]
    contradicts: NameText | None = None


def _options_are_answerable(options: list[Option]) -> list[Option]:
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise ValueError(Marked(N_("a choice card needs {least} to {most} options, found {found}"), least=MIN_OPTIONS,
                                most=MAX_OPTIONS, found=str(len(options))))
    correct = sum(1 for option in options if option.correct)
    if correct != 1:
        raise ValueError(Marked(N_("a choice card needs exactly one correct option, found {found}"), found=str(correct)))
    texts = [option.text.casefold() for option in options]
    if len(set(texts)) != len(texts):
        raise ValueError(Marked(N_("two options have the same text")))
    return options


def _open_card_is_gradable(card: OpenCard) -> OpenCard:
    if not card.concepts and card.model_answer is None:
        raise ValueError(Marked(N_("an open card needs concepts, or a model_answer to derive them from")))
    names = [concept.name.casefold() for concept in card.concepts]
    if len(set(names)) != len(names):
        raise ValueError(Marked(N_("two concepts have the same name")))
    for number, misconception in enumerate(card.misconceptions, start=1):
        named = misconception.contradicts
        if named is not None and named.casefold() not in names:
            known = ", ".join(repr(concept.name) for concept in card.concepts)
            if not known:
                raise ValueError(Marked(N_(
                    "misconception {number}: contradicts {named}, which is not a concept of this card (its concepts: "
                    "none); write one of their names exactly"), number=str(number), named=repr(named)))
            raise ValueError(Marked(N_(
                "misconception {number}: contradicts {named}, which is not a concept of this card (its concepts: "
                "{known}); write one of their names exactly"), number=str(number), named=repr(named), known=known))
    return check_keyword_budget(card)


def _card_ids_are_unique(cards: list[DeckCard]) -> list[DeckCard]:
    seen: set[str] = set()
    for card in cards:
        if card.id in seen:
            raise ValueError(Marked(N_("the card id {card} is used twice in this deck"), card=repr(card.id)))
        seen.add(card.id)
    return cards


@dataclass(frozen=True, slots=True, kw_only=True)
class _CardBase:
    __pydantic_config__: ClassVar[dict[str, Any]] = _FORBID_EXTRA

    id: CardId
    level: Level
    tags: Tags = field(default_factory=list)
    image: ImageUrl | None = None
    audio: AudioFile | None = None  # a sound file of the deck's media folder
    # The card's language if not its deck's (None: the deck's; a deck fills it in, see Deck).
    language: LanguageTag | None = None

    @property
    def web_image(self) -> str | None:
        """The picture to show by URL in an embed (a media file goes as an attachment instead)."""
        return self.image if is_web_link(self.image) else None

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        # Rules across a card's fields wrap the whole card (their errors point at the card).
        return Rule(check_keyword_budget).__get_pydantic_core_schema__(source, handler)


@dataclass(frozen=True, slots=True, kw_only=True)
class Flashcard(_CardBase):
    kind: Literal["flashcard"]
    front: LongText
    back: LongText

    @property
    def title(self) -> str:
        return self.front


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceCard(_CardBase):
    kind: Literal["choice"]
    question: LongText
    options: Annotated[list[Option], Exact(), Rule(_options_are_answerable)]
    explanation: FieldText

    @property
    def title(self) -> str:
        return self.question

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)

    @property
    def fits_poll(self) -> bool:
        """Whether Discord can show this card as a native poll (else it is posted with buttons)."""
        return len(self.question) <= POLL_QUESTION_MAX and all(
            len(option.text) <= POLL_ANSWER_MAX for option in self.options
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenCard(_CardBase):
    kind: Literal["open"]
    prompt: LongText
    hint: FieldText | None = None
    concepts: Annotated[list[Concept], Exact(max_length=MAX_CONCEPTS_PER_CARD)] = field(default_factory=list)
    model_answer: LongText | None = None
    misconceptions: Annotated[list[Misconception], Exact(max_length=MAX_MISCONCEPTIONS)] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.prompt

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return Rule(_open_card_is_gradable).__get_pydantic_core_schema__(source, handler)


def _cloze_markup_is_valid(text: str) -> str:
    problem = cloze.problem(text)
    if problem is not None:
        raise ValueError(problem)
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class ClozeCard(_CardBase):
    """A text with gaps (`{{c1::words}}`, bot/core/cloze.py): each gap number is studied as its own
    card, a `ClozeGap` whose id is this card's id plus `:c<n>`."""

    kind: Literal["cloze"]
    text: Annotated[LongText, Rule(_cloze_markup_is_valid)]
    extra: FieldText | None = None  # shown once the gap is revealed

    @property
    def title(self) -> str:
        return cloze.plain(self.text)

    def gaps(self) -> list[ClozeGap]:
        return [ClozeGap(card=self, number=number) for number in cloze.gap_numbers(self.text)]


@dataclass(frozen=True, slots=True)
class ClozeGap:
    """One gap number of a cloze card: what drills, reviews and FSRS count as a card (id `card:c<n>`).

    Made on demand from the deck's `ClozeCard` (`Deck.card`, `Deck.study_cards`), never stored; any
    other card field (`level`, `tags`, `image`, ...) is the cloze card's own."""

    card: ClozeCard
    number: int
    kind: ClassVar[Literal["cloze"]] = "cloze"

    @property
    def id(self) -> str:
        return cloze.gap_id(self.card.id, self.number)

    @property
    def level(self) -> Level:
        return self.card.level

    @property
    def tags(self) -> list[str]:
        return self.card.tags

    @property
    def image(self) -> str | None:
        return self.card.image

    @property
    def language(self) -> str | None:
        return self.card.language

    @property
    def web_image(self) -> str | None:
        return self.card.web_image

    @property
    def title(self) -> str:
        return self.blanked

    @property
    def blanked(self) -> str:
        return cloze.blanked(self.card.text, self.number)

    @property
    def answers(self) -> tuple[str, ...]:
        return cloze.answers(self.card.text, self.number)

    def __getattr__(self, name: str) -> Any:
        """Fields added to every card later (e.g. media) read through to the cloze card."""
        if name.startswith("_") or name in ("card", "number"):
            raise AttributeError(name)
        return getattr(self.card, name)


DeckCard = Flashcard | ChoiceCard | OpenCard | ClozeCard  # what a deck file holds
Card = Annotated[DeckCard, TaggedBy("kind")]
# What a member studies: a deck's cards, with each cloze card as its gaps (`Deck.study_cards`).
StudyCard = Flashcard | ChoiceCard | OpenCard | ClozeGap
AnyCard = DeckCard | ClozeGap  # whatever a card id names (`Deck.card`)


@dataclass(frozen=True, slots=True, kw_only=True)
class Deck:
    __pydantic_config__: ClassVar[dict[str, Any]] = _FORBID_EXTRA

    id: DeckId
    title: NameText
    description: FieldText | None = None
    tags: Tags = field(default_factory=list)
    language: LanguageTag = DEFAULT_LANGUAGE  # what answers are written in: the grader's rules
    cards: Annotated[list[Card], Exact(min_length=1, max_length=MAX_CARDS_PER_DECK), Rule(_card_ids_are_unique)]

    def __post_init__(self) -> None:
        # A card graded on its own (bot/core/grading.py) must know its language: a deck not in English
        # writes its language on the cards that don't name one. English cards are left as they are
        # (None reads as English), so their data and fingerprints do not change.
        if self.language != DEFAULT_LANGUAGE:
            for index, card in enumerate(self.cards):
                if card.language is None:
                    self.cards[index] = replace(card, language=self.language)

    def card(self, card_id: str) -> AnyCard | None:
        """The card of that id; a gap id (`card:c2`) names that gap of a cloze card (None if it has none)."""
        if ":" in card_id:
            parts = cloze.split_gap_id(card_id)
            card = self.card(parts[0]) if parts is not None else None
            if parts is None or not isinstance(card, ClozeCard) or parts[1] not in cloze.gap_numbers(card.text):
                return None
            return ClozeGap(card=card, number=parts[1])
        return next((card for card in self.cards if card.id == card_id), None)

    def study_cards(self) -> list[StudyCard]:
        """The cards members draw and review: every card, each cloze card replaced by its gaps."""
        studied: list[StudyCard] = []
        for card in self.cards:
            if isinstance(card, ClozeCard):
                studied.extend(card.gaps())
            else:
                studied.append(card)
        return studied


@dataclass(frozen=True, slots=True, kw_only=True)
class DeckWarning:
    """Something that still loads but that an author should know about."""

    path: tuple[str | int, ...]
    message: Marked


def deck_warnings(deck: Deck) -> list[DeckWarning]:
    warnings: list[DeckWarning] = []
    for index, card in enumerate(deck.cards):
        if isinstance(card, ChoiceCard) and not card.fits_poll:
            long = [i for i, option in enumerate(card.options) if len(option.text) > POLL_ANSWER_MAX]
            if long:
                warnings.append(
                    DeckWarning(
                        path=("cards", index, "options", long[0], "text"),
                        message=Marked(N_(
                            "option longer than {limit} characters: this card can't be a native poll and will be "
                            "posted as a button question instead"), limit=POLL_ANSWER_MAX),
                    )
                )
            else:
                warnings.append(
                    DeckWarning(
                        path=("cards", index, "question"),
                        message=Marked(N_(
                            "question longer than {limit} characters: this card can't be a native poll and will be "
                            "posted as a button question instead"), limit=POLL_QUESTION_MAX),
                    )
                )
    return warnings
