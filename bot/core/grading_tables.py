"""A table in an answer, read as sentences: each cell with its row's and its column's headings.

Members answer a comparison with a markdown table:

    | | series | parallel |
    |---|---|---|
    | current | same everywhere | splits between the branches |

The grader reads clauses, and a keyword's `requires` must share its clause, so a cell alone ("same
everywhere") does not say of which circuit. Each body cell is read as "<column heading> <row heading>
<cell>." ("series current same everywhere."); a cell that is only a yes or a tick reads as "<column>
<row>.", one that is only a no or a cross as "<column> not <row>." (a "no" after the words would deny
nothing: a denial reads forwards). Only a block with a separator line under its heading row is a table;
anything else is left as written.
"""

from __future__ import annotations

import re

_COMMAS = re.compile(r"\s*,\s*")
_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_YES = frozenset(("yes", "y", "true", "✓", "✔", "✔️", "✅", "☑", "☑️", "+"))
_NO = frozenset(("no", "n", "false", "✗", "✘", "❌", "✖", "✖️", "-", "—", "none"))
# Cells read per answer; past them, or once the sentences are twice the text's length, the rest is
# left as written (a hostile table of long headings does not grow without bound)
MAX_TABLE_CELLS = 400


def read_tables(text: str) -> str:
    """`text` with each markdown table replaced by its sentences (unchanged when it has no table)."""
    if "|" not in text or "--" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    cells_left = MAX_TABLE_CELLS
    room = 2 * len(text)
    index = 0
    while index < len(lines):
        line = lines[index]
        if (index + 1 < len(lines) and "|" in line and _is_separator(lines[index + 1])):
            headings = _cells(line)
            index += 2
            while index < len(lines) and "|" in lines[index] and cells_left > 0:
                row = _cells(lines[index])
                cells_left -= len(row)
                sentences = " ".join(_row_sentences(headings, row))
                room -= len(sentences)
                if room < 0:  # headings repeated per cell: the text grows by at most its own length
                    cells_left = 0
                    break
                out.append(sentences)
                index += 1
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [cell.strip() for cell in line.split("|")]


def _is_separator(line: str) -> bool:
    cells = _cells(line)
    return "|" in line and bool(cells) and all(_SEPARATOR_CELL.match(cell) for cell in cells)


def _row_sentences(headings: list[str], row: list[str]) -> list[str]:
    if not row:
        return []
    label = row[0]
    sentences = []
    for column, cell in enumerate(row[1:], start=1):
        heading = headings[column] if column < len(headings) else ""
        folded = cell.casefold()
        if not cell:
            continue
        if folded in _YES:
            sentence = f"{heading} {label}"
        elif folded in _NO:
            sentence = f"{heading} not {_COMMAS.sub(' or ', label)}"  # "not reliable or ordered"
        else:
            sentence = f"{heading} {label} {cell}"
        sentences.append(sentence.strip() + ".")
    return sentences or [label + "."]
