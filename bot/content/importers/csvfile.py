"""A plain CSV with a header row: front,back and optionally level and tags (tags split on spaces)."""

from __future__ import annotations

import csv

from bot.content.importers.cards import LONG_TEXT_MAX, CardDraft, Fitter, ImportFailure, ParsedSource
from bot.content.importers.csvrows import read_rows
from bot.content.importers.text import clean_text
from bot.core.deck import LEVELS
from bot.core.messages import N_, Marked

KNOWN_COLUMNS = ("front", "back", "level", "tags")


def csv_header(text: str) -> list[str]:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = _delimiter(first)
    try:
        return [name.strip().lower() for name in next(csv.reader([first], delimiter=delimiter), [])]
    except csv.Error:  # a first line longer than the csv module's field limit is no header
        return []


def parse_csv(text: str, source_name: str) -> ParsedSource:
    first_line = text.split("\n", 1)[0]
    rows = read_rows(text, _delimiter(first_line), source_name)
    header = [name.strip().lower() for name in next(rows, (1, []))[1]]
    if "front" not in header or "back" not in header:
        raise ImportFailure(
            [Marked(N_("{where}: the header row must name the columns front and back (found {header})"),
                    where=f"{source_name}:1", header=str(header))]
        )
    source = ParsedSource()
    unknown = [name for name in header if name not in KNOWN_COLUMNS]
    if unknown:
        source.notes.append(Marked(N_("{where}: ignored the columns {columns}"), where=f"{source_name}:1",
                                   columns=", ".join(unknown)))
    fit = Fitter(source_name, source.notes)
    problems: list[str] = []
    for number, row in rows:  # `number`: the line the row starts on (a quoted field may span lines)
        values = dict(zip(header, row, strict=False))
        front, back = clean_text(values.get("front", "")), clean_text(values.get("back", ""))
        if not front and not back:
            continue
        if not front or not back:
            source.notes.append(Marked(N_("{where}: skipped a row without both a front and a back"),
                                       where=f"{source_name}:{number}"))
            continue
        level = values.get("level", "").strip().lower() or None
        if level is not None and level not in LEVELS:
            problems.append(Marked("{where} level: {message}", where=f"{source_name}:{number}", message=Marked(
                N_("{value} is not a level: use {levels}"), value=repr(level), levels=", ".join(LEVELS))))
            continue
        tags = values.get("tags", "").replace(",", " ").replace(";", " ").split()
        body = {
            "front": fit(front, LONG_TEXT_MAX, number, "front"),
            "back": fit(back, LONG_TEXT_MAX, number, "back"),
        }
        source.drafts.append(CardDraft("flashcard", front, body, line=number, level=level, tags=tags))
    if problems:
        raise ImportFailure(problems)
    return source


def _delimiter(header_line: str) -> str:
    return max((",", ";", "\t"), key=header_line.count)
