"""Rows of delimited text (CSV, Anki's text export) with the line each starts on, and two mistakes named.

A field longer than `MAX_FIELD_CHARS` is refused at its line (Python's csv module would stop at 128 KiB
with a traceback; a card's text is cut to a few thousand characters anyway). A quote that opens a field
and never closes where a field ends swallows the rows after it into one field: the csv module reads on
without complaint, and the rows silently vanish. Each row that spans lines is read again strictly, and
a quote that did not close cleanly is refused, naming the line where it opened.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from bot.content.importers.cards import ImportFailure
from bot.core.messages import N_, Marked

MAX_FIELD_CHARS = 1024 * 1024


def read_rows(
    text: str, delimiter: str, source_name: str, *, first_line: int = 1
) -> Iterator[tuple[int, list[str]]]:
    """(line number the row starts on, fields) for each row; `first_line` is the line `text` starts at."""
    lines = text.split("\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    previous_limit = csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        row_end = 0
        while True:
            start = row_end + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFailure([_problem(source_name, start + first_line - 1, error)]) from None
            row_end = reader.line_num
            if any("\n" in field or "\r" in field for field in row):
                _check_quotes(lines[start - 1 : row_end], delimiter, source_name, start + first_line - 1)
            yield start + first_line - 1, row
    finally:
        csv.field_size_limit(previous_limit)


def _problem(source_name: str, line: int, error: csv.Error) -> Marked:
    where = f"{source_name}:{line}"
    if "field limit" in str(error):  # i18n: not shown (the csv module's words, matched)
        return Marked(N_(
            "{where}: a field in the row starting here is longer than {limit} KiB, the most an import reads (a "
            "card's text is shortened to a few thousand characters anyway); is a closing quote missing?"),
            where=where, limit=str(MAX_FIELD_CHARS // 1024))
    return Marked(N_("{where}: can't read this row ({reason})"), where=where, reason=str(error))


def _check_quotes(row_lines: list[str], delimiter: str, source_name: str, line: int) -> None:
    """A row spanning lines must also read strictly: its quotes close right before a delimiter or line end."""
    strict = csv.reader(io.StringIO("\n".join(row_lines), newline=""), delimiter=delimiter, quotechar='"', strict=True)
    try:
        for _ in strict:
            pass
    except csv.Error:
        pass
    else:
        return
    # The row's first line holds the quote: every field before the one spanning lines ends on it.
    raise ImportFailure(
        [Marked(N_(
            "{where}: a quote opened on this line is not closed at the end of its field, so lines {first} to "
            "{last} were read as part of that field. Close the quote, or double a quote meant literally inside "
            "a quoted field (\"\")."), where=f"{source_name}:{line}", first=str(line + 1),
            last=str(line + len(row_lines) - 1))]
    )
