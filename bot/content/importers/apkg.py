"""Anki packages (.apkg, .colpkg): notes become card drafts, the media they use is staged.

Basic-like note types (each card template asks one field and answers with another: Basic, Basic and
reversed, optional reversed, type-in-the-answer) give one flashcard per card Anki made. Cloze notes give
one cloze card each (its gaps as Anki wrote them, the other fields as its `extra`); one the deck format
can't hold as a cloze card (broken markup, over 20 gap numbers, over 2,000 characters) gives one
flashcard per gap number instead (that gap blanked, the others filled in). Any other note type gives one
flashcard: the first field on the front, the rest on the back.
Fields are HTML, turned into text by the same helpers as Anki's text export.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from bot.content.importers.anki import cloze_gap, cloze_numbers
from bot.content.importers.apkg_collection import Collection, Note, NoteType, read_collection, read_media_map
from bot.content.importers.apkg_media import MediaStage
from bot.content.importers.apkg_zip import PackageLimits, SafePackage
from bot.content.importers.cards import LONG_TEXT_MAX, CardDraft, ParsedSource
from bot.content.importers.cloze_notes import cloze_brief, cloze_draft
from bot.content.importers.progress import Progress
from bot.content.importers.text import clean_text, html_to_text, media_references, shorten
from bot.content.media import MAX_MEDIA_FILE_BYTES, file_problem
from bot.content.validation import ValidationError, validate_card
from bot.core.messages import N_, Marked, joined, plain

_TAG = re.compile(r"\{\{\s*([#^/]?)\s*([^{}]*?)\s*\}\}")
_SPECIAL = {"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag"}
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp")
_AUDIO_SUFFIXES = (".mp3", ".ogg", ".wav", ".m4a", ".opus")  # what a card's `audio:` takes
SHOWN_NAMES = 10  # media names listed in a warning
_WEB_IMAGE = re.compile(r"^https?://\S{1,1990}$")  # what a card's `image:` accepts


@dataclass(frozen=True)
class CardPlan:
    """One template of a basic-like note type: which field it asks, which answers, which must be set."""

    front: int
    back: int
    gates: tuple[int, ...] = ()


@dataclass
class PackageSource:
    parsed: ParsedSource
    media: MediaStage
    warnings: list[str] = field(default_factory=list)


def _references(template: str) -> tuple[list[str], list[str], list[str]]:
    """Fields a template shows, the fields its {{#sections}} need, and the fields typed in ({{type:X}})."""
    shown: list[str] = []
    gates: list[str] = []
    typed: list[str] = []
    for marker, name in _TAG.findall(template):
        if marker == "/":
            continue
        if marker == "#":
            gates.append(name)
            continue
        *filters, field_name = name.split(":")
        field_name = field_name.strip()
        if marker == "^" or field_name in _SPECIAL:
            continue
        (typed if "type" in (f.strip() for f in filters) else shown).append(field_name)
    return shown, gates, typed


def basic_plans(note_type: NoteType) -> list[CardPlan] | None:
    """The card plans if every template asks exactly one field and answers with one other, and the
    templates use every field; None for any other (custom) note type."""
    if note_type.cloze or not note_type.templates:
        return None
    index = {name: number for number, name in enumerate(note_type.fields)}
    plans: list[CardPlan] = []
    used: set[int] = set()
    for question, answer in note_type.templates:
        asked, gates, typed = _references(question)
        answered, _, _ = _references(answer)
        fronts = list(dict.fromkeys(asked))
        backs = [name for name in dict.fromkeys(answered + typed) if name not in fronts]
        if len(fronts) != 1 or len(backs) != 1 or any(n not in index for n in [*fronts, *backs, *gates]):
            return None
        plan = CardPlan(index[fronts[0]], index[backs[0]], tuple(index[name] for name in gates))
        plans.append(plan)
        used |= {plan.front, plan.back, *plan.gates}
    return plans if used == set(range(len(note_type.fields))) else None


def cloze_field(note_type: NoteType) -> int:
    question = note_type.templates[0][0] if note_type.templates else ""
    for _, name in _TAG.findall(question):
        *filters, field_name = name.split(":")
        if "cloze" in (f.strip() for f in filters) and field_name.strip() in note_type.fields:
            return note_type.fields.index(field_name.strip())
    return 0


class _Converter:
    def __init__(self, collection: Collection, source_name: str) -> None:
        self.collection = collection
        self.source_name = source_name
        self.source = ParsedSource(title=collection.deck_name)
        self.plans = {key: basic_plans(value) for key, value in collection.note_types.items()}
        self.custom: Counter[str] = Counter()
        self.cloze_notes = 0  # made one cloze card each
        self.split_notes = 0  # made one flashcard per gap instead
        self.split_cards = 0
        self.split_why: Counter[Marked] = Counter()  # by the few words naming the problem
        self.skipped = 0
        self.unknown_type = 0
        self.card_media: list[list[str]] = []  # per draft: the local media its note uses

    def note(self, note: Note) -> None:
        note_type = self.collection.note_types.get(note.note_type)
        if note_type is None:
            self.unknown_type += 1
            return
        texts, web_images = [], []
        values = (note.fields + [""] * len(note_type.fields))[: max(len(note_type.fields), 1)]
        for value in values:
            text, images = html_to_text(value)
            texts.append(text or _placeholder(value))
            web_images.extend(images)
        media = list(dict.fromkeys(name for value in values for name in media_references(value)))
        pairs: list[tuple[str, str]] = []
        tags = [tag for tag in (clean_text(tag) for tag in note.tags) if tag]
        image = next((url for url in web_images if _WEB_IMAGE.match(url)), None)
        if note_type.cloze and (draft := self._cloze_card(note_type, texts, tags, image)) is not None:
            self.source.drafts.append(draft)
            self.card_media.append(media)
            return
        if note_type.cloze:
            pairs = self._cloze(note_type, texts)
        elif (plans := self.plans.get(note.note_type)) is not None:
            ords = self.collection.card_ords.get(note.id)
            for ordinal, plan in enumerate(plans):
                wanted = (ordinal in ords) if ords else all(texts[g] for g in plan.gates) and texts[plan.front]
                if wanted:
                    pairs.append((texts[plan.front], texts[plan.back]))
        else:
            self.custom[note_type.name] += 1
            pairs = [(texts[0] if texts else "", "\n\n".join(text for text in texts[1:] if text))]
        made = 0
        for front, back in pairs:
            if not front or not back:
                continue
            body = {"front": self._fit(front, note.id, "front"), "back": self._fit(back, note.id, "back")}
            self.source.drafts.append(CardDraft("flashcard", front, body, line=None, tags=tags, image=image))
            self.card_media.append(media)
            made += 1
        if not made:
            self.skipped += 1

    def _fit(self, text: str, note_id: int, what: str) -> str:
        if len(text) <= LONG_TEXT_MAX:
            return text
        self.source.notes.append(Marked(N_("{where}: note {note}: {what} shortened to {limit} characters"),
                                        where=self.source_name, note=str(note_id), what=what, limit=str(LONG_TEXT_MAX)))
        return shorten(text, LONG_TEXT_MAX)

    @staticmethod
    def _cloze_parts(note_type: NoteType, texts: list[str]) -> tuple[str, str]:
        """The note's cloze text and the rest of its fields (Back Extra, ...)."""
        where = cloze_field(note_type)
        text = texts[where] if where < len(texts) else ""
        return text, "\n\n".join(value for number, value in enumerate(texts) if number != where and value)

    def _cloze_card(self, note_type: NoteType, texts: list[str], tags: list[str], image: str | None) -> CardDraft | None:
        text, extra = self._cloze_parts(note_type, texts)
        draft = cloze_draft(text, extra, tags=tags, image=image)
        if draft is not None:
            self.cloze_notes += 1
        return draft

    def _cloze(self, note_type: NoteType, texts: list[str]) -> list[tuple[str, str]]:
        text, extra = self._cloze_parts(note_type, texts)
        pairs = []
        for number in cloze_numbers(text):
            front, words = cloze_gap(text, number)
            pairs.append((front, f"{words}\n\n{extra}".strip()))
        if pairs:
            self.split_notes += 1
            self.split_cards += len(pairs)
            self.split_why[cloze_brief(text.strip()) or plain("")] += 1
        return pairs

    def warnings(self) -> list[str]:
        found: list[str] = []
        if self.cloze_notes:
            self.source.notes.append(Marked(N_("{where}: {count} cloze note(s) became cloze cards"),
                                            where=self.source_name, count=str(self.cloze_notes)))
        if self.split_notes:
            why = joined([Marked("{reason} ({count})", reason=reason, count=str(count))
                          for reason, count in self.split_why.most_common()])
            found.append(Marked(N_(
                "{notes} cloze note(s) can't be cloze cards here and became {cards} flashcards, one per gap (the "
                "gap blanked as [...] or [its hint], its words on the back): {why}"),
                notes=str(self.split_notes), cards=str(self.split_cards), why=why))
        if self.custom:
            kinds = ", ".join(f"{name!r} ({count})" for name, count in self.custom.most_common())
            found.append(Marked(N_(
                "notes of note types that are not Basic, Basic-and-reversed or Cloze became one flashcard each, "
                "the first field on the front and the other fields on the back: {kinds}"), kinds=kinds))
        if self.skipped:
            self.source.notes.append(Marked(N_("{where}: skipped {count} note(s) without both a front and a back"),
                                            where=self.source_name, count=str(self.skipped)))
        if self.unknown_type:
            self.source.notes.append(Marked(N_("{where}: skipped {count} note(s) of a missing note type"),
                                            where=self.source_name, count=str(self.unknown_type)))
        return found


def _placeholder(html: str) -> str:
    """A side that is only a picture or a sound keeps a trace of it (the deck can't show local media yet)."""
    return " ".join(f"[{'picture' if name.lower().endswith(_IMAGE_SUFFIXES) else 'sound'}: {name}]"
                    for name in media_references(html))


def local_image_accepted(name: str) -> bool:
    """Whether a card's `image:` may name a file of the deck's media folder (today: web addresses only)."""
    probe = {"id": "probe", "kind": "flashcard", "level": "beginner", "front": "a", "back": "b", "image": name}
    try:
        validate_card(probe)
    except ValidationError:
        return False
    return True


def parse_apkg(
    path: Path, source_name: str, *, progress: bool = True, limits: PackageLimits | None = None,
    media_on_cards: bool = True,
) -> PackageSource:
    """Read the package and turn its notes into drafts; the media the cards use is staged (the caller
    installs or discards it). Raises ImportFailure, with the stage already discarded, on any problem."""
    package = SafePackage(path, limits)
    media = MediaStage()
    try:
        with tempfile.TemporaryDirectory(prefix="recall-apkg-") as workdir:
            collection = read_collection(package, Path(workdir))
        media_map = read_media_map(package)
        converter = _Converter(collection, source_name)
        meter = Progress(len(collection.notes), f"Reading {path.name}", unit="note") if progress else None
        for note in collection.notes:
            converter.note(note)
            if meter:
                meter.advance()
        if meter:
            meter.close()
        warnings = converter.warnings()
        warnings += _stage_media(package, collection, media_map, converter, media, progress, media_on_cards)
        return PackageSource(converter.source, media, warnings)
    except BaseException:
        media.discard()
        raise
    finally:
        package.close()


def _stage_media(
    package: SafePackage,
    collection: Collection,
    media_map: dict[str, str],
    converter: _Converter,
    media: MediaStage,
    progress: bool,
    on_cards: bool = True,
) -> list[str]:
    for names in converter.card_media:  # Anki may write a name percent-encoded in the HTML
        names[:] = [unquote(name) if name not in media_map and unquote(name) in media_map else name for name in names]
    used = list(dict.fromkeys(name for names in converter.card_media for name in names))
    missing = [name for name in used if name not in media_map]
    present = [name for name in used if name in media_map]
    meter = Progress(len(present), N_("Copying media"), unit="file") if progress else None
    for name in present:
        media.add(package, name, media_map[name], collection.latest)
        if meter:
            meter.advance()
    if meter:
        meter.close()
    shown_on_cards: set[str] = set()
    accepted = None
    for draft, names in zip(converter.source.drafts if on_cards else [], converter.card_media, strict=False):
        image = next((n for n in names if n in media.stored and n.lower().endswith(_IMAGE_SUFFIXES)), None)
        if image is not None and not draft.image:
            if accepted is None:
                accepted = local_image_accepted(media.stored[image])
            if accepted and file_problem(media.folder, media.stored[image], "image")[0] is None:
                draft.image = media.stored[image]
                shown_on_cards.add(image)
        # The first sound the note plays goes with the card when it passes the same checks as at load time.
        sound = next((n for n in names if n in media.stored and n.lower().endswith(_AUDIO_SUFFIXES)), None)
        if sound is not None and file_problem(media.folder, media.stored[sound], "audio")[0] is None:
            draft.audio = media.stored[sound]
            shown_on_cards.add(sound)
    warnings: list[str] = []
    dropped = [name for name in present if name not in shown_on_cards]
    if dropped:
        warnings.append(Marked(N_(
            "{count} media file(s) the notes use were saved to the deck's media folder but are shown on no card "
            "(a card shows one picture and plays one sound; a file must be of a type Discord shows, within "
            "{limit} MiB): {names}"), count=str(len(dropped)), limit=MAX_MEDIA_FILE_BYTES // 2**20,
            names=_names(dropped)))
    if missing:
        warnings.append(Marked(N_("{count} media file(s) the notes use are not in the package: {names}"),
                               count=str(len(missing)), names=_names(missing)))
    return warnings


def _names(names: list[str]) -> Marked:
    listed = ", ".join(names[:SHOWN_NAMES])
    if len(names) > SHOWN_NAMES:
        return Marked(N_("{names} and {count} more"), names=listed, count=str(len(names) - SHOWN_NAMES))
    return plain(listed)
