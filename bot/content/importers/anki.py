"""Anki's "Notes in Plain Text" export: `#key:value` header lines, then one note per line.

Headers understood: `#separator:` (tab, comma, semicolon, space, pipe, colon or the character
itself), `#html:`, `#columns:`, `#tags column:`, `#guid column:`, `#notetype column:`,
`#deck column:`, `#deck:` (used as the title). Without headers the separator is guessed.
"""

from __future__ import annotations

import re

from bot.content.importers.cards import LONG_TEXT_MAX, CardDraft, Fitter, ImportFailure, ParsedSource
from bot.content.importers.cloze_notes import cloze_draft
from bot.content.importers.csvrows import read_rows
from bot.content.importers.text import clean_text, html_to_text, looks_like_html
from bot.core.messages import N_, Marked

SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.S)  # groups: number, words, hint


def read_headers(lines: list[str]) -> tuple[dict[str, str], int]:
    headers: dict[str, str] = {}
    count = 0
    for line in lines:
        match = re.match(r"#([a-z ]+):(.*)$", line)
        if not match:
            break
        headers[match.group(1).strip().lower()] = match.group(2).strip()
        count += 1
    return headers, count


def is_anki_export(text: str) -> bool:
    headers, _ = read_headers(text.splitlines()[:12])
    return bool({"separator", "html", "columns", "notetype", "deck", "tags column"} & headers.keys())  # i18n: not shown (Anki's header names)


def parse_anki(text: str, source_name: str) -> ParsedSource:
    lines = text.splitlines()
    headers, header_count = read_headers(lines)
    body = lines[header_count:]
    separator = _separator(headers.get("separator"), body)
    html = headers.get("html", "").lower() == "true" or ("html" not in headers and looks_like_html(text))
    rows = read_rows("\n".join(body), separator, source_name, first_line=header_count + 1)
    meta = {
        _column(headers, name)
        for name in ("tags column", "guid column", "notetype column", "deck column")  # i18n: not shown (Anki's header names)
    }
    tags_column = _column(headers, "tags column")  # i18n: not shown (Anki's header name)
    names = (
        [name.strip().lower() for name in headers["columns"].split(separator)] if "columns" in headers else []
    )
    source = ParsedSource(title=headers.get("deck") or None)
    fit = Fitter(source_name, source.notes)
    rows_seen = False
    for line, row in rows:  # `line`: where the note starts (a quoted field may span lines)
        rows_seen = True
        content = [value for number, value in enumerate(row, start=1) if number not in meta]
        if not any(value.strip() for value in content):
            continue
        texts, images = _texts(content, html)
        tags = row[tags_column - 1].split() if tags_column and tags_column <= len(row) else []
        cloze = _cloze_note(texts, names, meta)
        draft = cloze_draft(*cloze, line=line, tags=tags, image=images[0] if images else None) if cloze else None
        if draft is not None:  # a cloze note: one cloze card (else, below, one flashcard with the gaps blanked)
            source.drafts.append(draft)
            continue
        front, back = _front_back(texts, names, row, meta)
        if not front or not back:
            source.notes.append(Marked(N_("{where}: skipped a note without both a front and a back"),
                                       where=f"{source_name}:{line}"))
            continue
        body_fields = {
            "front": fit(front, LONG_TEXT_MAX, line, "front"),
            "back": fit(back, LONG_TEXT_MAX, line, "back"),
        }
        source.drafts.append(
            CardDraft(
                "flashcard", front, body_fields, line=line, tags=tags, image=images[0] if images else None
            )
        )
    if not source.drafts and rows_seen:
        raise ImportFailure([Marked(N_("{where}: no note has both a front and a back (is the separator right?)"),
                                    where=source_name)])
    return source


def _separator(declared: str | None, body: list[str]) -> str:
    if declared:
        name = declared.lower()
        if name in SEPARATORS:
            return SEPARATORS[name]
        if len(declared) == 1:
            return declared
        raise ImportFailure(
            [Marked(N_("unknown #separator:{separator} (use tab, comma, semicolon, space, pipe or colon)"),
                    separator=declared)]
        )
    first = next((line for line in body if line.strip()), "")
    return next((char for char in ("\t", ";", "|", ",") if char in first), "\t")


def _column(headers: dict[str, str], name: str) -> int | None:
    value = headers.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def _texts(values: list[str], html: bool) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    images: list[str] = []
    for value in values:
        if html:
            text, found = html_to_text(value)
            images.extend(found)
        else:
            text = clean_text(value)
        texts.append(text)
    return texts, images


def _front_back(texts: list[str], names: list[str], row: list[str], meta: set[int | None]) -> tuple[str, str]:
    content_names = [name for number, name in enumerate(names, start=1) if number not in meta]
    named = dict(zip(content_names, texts, strict=False))
    if "front" in named and "back" in named:
        return named["front"], named["back"]
    text = named.get("text", texts[0] if texts else "")
    if _CLOZE.search(text):  # a cloze note: hide the deletions on the front, fill them in on the back
        front = _CLOZE.sub(lambda m: f"[{m.group(3) or '...'}]", text)
        back = _CLOZE.sub(lambda m: m.group(2), text)
        extra = named.get("back extra", texts[1] if len(texts) > 1 else "")  # i18n: not shown (Anki's field name)
        return front, f"{back}\n\n{extra}".strip()
    return (texts[0] if texts else ""), (texts[1] if len(texts) > 1 else "")


def _cloze_note(texts: list[str], names: list[str], meta: set[int | None]) -> tuple[str, str] | None:
    """(text, extra) of a cloze note: its text field holds {{c1::...}} and it has no front/back fields."""
    content_names = [name for number, name in enumerate(names, start=1) if number not in meta]
    named = dict(zip(content_names, texts, strict=False))
    if "front" in named and "back" in named:
        return None
    text = named.get("text", texts[0] if texts else "")
    if not _CLOZE.search(text):
        return None
    return text, named.get("back extra", texts[1] if len(texts) > 1 else "")  # i18n: not shown (Anki's field name)


def cloze_numbers(text: str) -> list[int]:
    """The gap numbers of Anki cloze text ({{c1::...}}), each once, in ascending order."""
    return sorted({int(match.group(1)) for match in _CLOZE.finditer(text)})


def cloze_gap(text: str, number: int) -> tuple[str, str]:
    """One card of a cloze note: the text with gap `number` blanked as [...] (or [its hint]) and the
    other gaps filled in, and that gap's words (joined when the same number appears more than once)."""
    words: list[str] = []

    def blank(match: re.Match[str]) -> str:
        if int(match.group(1)) != number:
            return match.group(2)
        words.append(match.group(2).strip())
        return f"[{(match.group(3) or '').strip() or '...'}]"

    front = _CLOZE.sub(blank, text)
    return front, " … ".join(word for word in words if word)
