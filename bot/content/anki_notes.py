"""Recall cards as Anki notes: the plan of a package, before anything is written.

Pure string work (no genanki, no YAML): the bot builds the plan for `/mydata export what:missed` in its
own process and hands it, as JSON, to the short-lived child that writes the package
(`bot.content.anki_package`). Every id is derived from the deck, never random, so exporting the same deck
again gives the same note GUIDs, note type and deck ids, and Anki updates the notes instead of adding
copies.

How each kind reads in Anki (every kind but cloze as a "Basic" note, which any Anki client shows and
`content import` reads back as a flashcard):
- flashcard: front and back as they are;
- choice: the question, a blank line and the options lettered "A. ...", "B. ..." on the front; on the
  back "Answer: B. ..." and, after a blank line, the explanation;
- cloze: an Anki "Cloze" note (Anki's gap syntax is Recall's), the text in Text and `extra` in Back Extra;
- open: the prompt on the front; on the back the model answer, then "Key ideas:" with one "- concept"
  line per concept, then "Common mistakes:" with one "- correction" line per misconception. Keywords
  and the hint are grading aids and are left out.
The headings ("Answer:", "Key ideas:", ...) are written in the language of whoever asks (`say`: the
member's for /mydata, English in the terminal).
Text is escaped for HTML (`&`, `<`, `>`), line breaks become `<br>`, and Anki's own markers (`[sound:`)
in card text are escaped so they stay text. Tags keep their words; a space (Anki separates tags with
spaces) becomes `_`.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot.core.deck import (
    MEDIA_NAME,
    AnyCard,
    ChoiceCard,
    ClozeCard,
    Deck,
    Flashcard,
    OpenCard,
    is_web_link,
)
from bot.core.messages import N_, Marked
from bot.i18n.voice import say

LETTERS = "ABCDEFGHIJ"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # \x1f separates Anki's fields; none may reach a field
_ANKI_SOUND = re.compile(r"\[(?=sound:)", re.I)
_MEDIA_NAME = re.compile(MEDIA_NAME)  # a plain file name, no folder in it (what a deck accepts)
ID_LOW, ID_SPAN = 1 << 30, 1 << 30  # note type and deck ids, as genanki advises: [2^30, 2^31)


@dataclass(frozen=True)
class AnkiNote:
    guid: str
    front: str  # HTML (a cloze note: the Text field)
    back: str  # HTML (a cloze note: Back Extra)
    tags: tuple[str, ...] = ()
    cloze: bool = False
    media: tuple[str, ...] = ()  # names of the package's media files this note shows or plays


@dataclass
class AnkiDeckPlan:
    key: str  # the Recall deck: its id, or "<server id>/<deck id>" for a server's upload
    deck_id: int
    name: str
    description: str
    notes: list[AnkiNote] = field(default_factory=list)

    @property
    def model_id(self) -> int:
        return stable_id("recall-basic", self.key)

    @property
    def cloze_model_id(self) -> int:
        return stable_id("recall-cloze", self.key)

    @property
    def model_name(self) -> str:
        return f"Recall ({self.key})"


@dataclass
class PackagePlan:
    decks: list[AnkiDeckPlan] = field(default_factory=list)
    media: dict[str, str] = field(default_factory=dict)  # name in the package -> file on disk
    warnings: list[str] = field(default_factory=list)

    @property
    def note_count(self) -> int:
        return sum(len(deck.notes) for deck in self.decks)

    def to_json(self) -> dict[str, Any]:
        return {"decks": [asdict(deck) for deck in self.decks], "media": dict(self.media)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PackagePlan:
        decks = []
        for raw in data["decks"]:
            notes = [AnkiNote(str(n["guid"]), str(n["front"]), str(n["back"]), tuple(map(str, n["tags"])),
                              bool(n["cloze"]), tuple(map(str, n["media"]))) for n in raw["notes"]]
            decks.append(AnkiDeckPlan(str(raw["key"]), int(raw["deck_id"]), str(raw["name"]),
                                      str(raw["description"]), notes))
        return cls(decks, {str(k): str(v) for k, v in data["media"].items()})


def deck_key(deck_id: str, owner: int = 0) -> str:
    """Built-in decks (and deck files in the terminal) by id; a server's upload by server and id, so two
    servers' decks of the same id never share GUIDs."""
    return deck_id if owner == 0 else f"{owner}/{deck_id}"


def stable_id(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return ID_LOW + int.from_bytes(digest[:8], "big") % ID_SPAN


def note_guid(key: str, card_id: str) -> str:
    """The note's GUID: Anki recognises a re-exported card by it and updates the note in place."""
    return "recall-" + hashlib.sha256(f"{key}\x1f{card_id}".encode()).hexdigest()[:20]


def escape(text: str) -> str:
    """Card text as an Anki field: shown exactly as written, never read as HTML or as a sound."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    escaped = html.escape(text, quote=False)
    return _ANKI_SOUND.sub("&#91;", escaped).replace("\n", "<br>")


def anki_tag(tag: str) -> str:
    return "_".join(_CONTROL.sub("", tag).split())


def card_texts(card: AnyCard) -> tuple[str, str]:
    """The front and back of a card as plain text (the documented layout above)."""
    if isinstance(card, Flashcard):
        return card.front, card.back
    if isinstance(card, ChoiceCard):
        options = "\n".join(f"{LETTERS[i]}. {option.text}" for i, option in enumerate(card.options))
        right = card.correct_index
        answer = say("Answer: {letter}. {option}", letter=LETTERS[right], option=card.options[right].text)
        return f"{card.question}\n\n{options}", f"{answer}\n\n{card.explanation}"
    if isinstance(card, OpenCard):
        parts = [card.model_answer] if card.model_answer else []
        if card.concepts:
            parts.append(say("Key ideas:") + "\n" + "\n".join(f"- {concept.name}" for concept in card.concepts))
        if card.misconceptions:
            parts.append(say("Common mistakes:") + "\n" + "\n".join(f"- {m.correction}" for m in card.misconceptions))
        return card.prompt, "\n\n".join(parts)
    raise TypeError(f"no Anki layout for cards of kind {getattr(card, 'kind', '?')!r}")


class _Media:
    """Local media of one deck: a name the card gives, found in the deck's media folder, or a warning."""

    def __init__(self, folder: Path | None, plan: PackagePlan, deck_label: str) -> None:
        self.folder, self.plan, self.deck_label = folder, plan, deck_label

    def find(self, card_id: str, name: str) -> str | None:
        path = self.folder / name if self.folder is not None and _MEDIA_NAME.fullmatch(name) else None
        if path is None or not path.is_file():
            self.plan.warnings.append(Marked(N_("{deck}: card {card}: media file {name} not found; left out"),
                                             deck=self.deck_label, card=repr(card_id), name=repr(name)))
            return None
        source = str(path.resolve())
        packed, number = name, 1
        while self.plan.media.get(packed, source) != source:  # another deck's file of the same name
            number += 1
            base, dot, suffix = name.rpartition(".")
            packed = f"{base}-{number}{dot}{suffix}" if dot else f"{name}-{number}"
        self.plan.media[packed] = source
        return packed


def _extras(card: AnyCard, media: _Media) -> tuple[str, tuple[str, ...]]:
    """HTML for the card's picture and sound (added to the front), and the local files they use."""
    pieces, used = [], []
    image = card.image
    if image:
        if is_web_link(image):
            pieces.append(f'<img src="{html.escape(image, quote=True)}">')  # i18n: not shown (HTML)
        elif (name := media.find(card.id, image)) is not None:
            pieces.append(f'<img src="{html.escape(name, quote=True)}">')  # i18n: not shown (HTML)
            used.append(name)
    if card.audio and (name := media.find(card.id, card.audio)) is not None:
        pieces.append(f"[sound:{name}]")
        used.append(name)
    return "".join(f"<br>{piece}" for piece in pieces), tuple(used)


def card_note(card: AnyCard, key: str, media: _Media) -> AnkiNote:
    extra, used = _extras(card, media)
    tags = tuple(dict.fromkeys(tag for tag in map(anki_tag, card.tags) if tag))
    if isinstance(card, ClozeCard):  # Anki's own gap markup: an Anki Cloze note, one Anki card per gap
        return AnkiNote(note_guid(key, card.id), escape(card.text) + extra, escape(card.extra or ""), tags, True, used)
    front, back = card_texts(card)
    return AnkiNote(note_guid(key, card.id), escape(front) + extra, escape(back), tags, False, used)


def add_deck(plan: PackagePlan, deck: Deck, *, owner: int = 0, name: str | None = None,
             cards: list[AnyCard] | None = None, media_folder: Path | None = None,
             deck_id_salt: str = "") -> AnkiDeckPlan:
    """Add `cards` (default: all) of `deck` to the plan as one Anki deck, named `name` (default: the
    deck's title). `deck_id_salt` gives another Anki deck (the missed cards) over the same notes."""
    key = deck_key(deck.id, owner)
    media = _Media(media_folder, plan, deck.id)
    notes = [card_note(card, key, media) for card in (deck.cards if cards is None else cards)]
    planned = AnkiDeckPlan(key, stable_id("recall-deck", deck_id_salt, key), name or deck.title,
                           escape(deck.description or ""), notes)
    plan.decks.append(planned)
    return planned

