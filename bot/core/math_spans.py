"""Where a card's text holds math: `$...$`, `$$...$$`, `\\( ... \\)` and `\\[ ... \\]`.

Pandoc's rule decides `$`: an opening `$` has a non-space character just after it, the closing `$` a
non-space character just before it and no digit just after it, so prices ("$5 and $10") stay text.
`\\$` is a literal dollar anywhere; inline math ends at a blank line. The scan is linear in the text
(each `$` finds its closer by bisection over the candidates found in one pass) and keeps at most
MAX_SPANS formulas, so a hostile card costs the same as a plain one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

MAX_SPANS = 40  # formulas per text; past this the rest stays text
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a card's text: plain text (with `\\$` already read as `$`) or one formula's TeX."""

    text: str
    math: bool = False
    display: bool = False  # `$$...$$` or `\\[...\\]`: a formula on a line of its own


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` follows an odd run of backslashes."""
    run = 0
    while index - run - 1 >= 0 and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _inline_closers(text: str) -> list[int]:
    """Every `$` that may close inline math: unescaped, not part of `$$`, non-space before, no digit after."""
    found = []
    for index, char in enumerate(text):
        if char != "$" or index == 0 or _escaped(text, index):
            continue
        before = text[index - 1]
        after = text[index + 1] if index + 1 < len(text) else ""
        if before.isspace() or before == "$" or after == "$" or after.isdigit():
            continue
        found.append(index)
    return found


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.closers = _inline_closers(text)
        self.blank_lines = [match.start() for match in _BLANK_LINE.finditer(text)]
        self.exhausted: set[str] = set()  # closing delimiters known to be absent from here to the end

    def find_closing(self, delimiter: str, start: int) -> int:
        """The next unescaped `delimiter` at or after `start`, or -1 (remembered: later searches stop at once)."""
        if delimiter in self.exhausted:
            return -1
        position = start
        while True:
            found = self.text.find(delimiter, position)
            if found < 0:
                self.exhausted.add(delimiter)
                return -1
            if not _escaped(self.text, found):
                return found
            position = found + 1

    def inline_end(self, opening: int) -> int:
        """The closing `$` of inline math opened at `opening`, or -1."""
        text = self.text
        if opening + 1 >= len(text) or text[opening + 1].isspace():
            return -1
        at = bisect.bisect_left(self.closers, opening + 2)
        if at == len(self.closers):
            return -1
        closing = self.closers[at]
        paragraph_end = bisect.bisect_left(self.blank_lines, opening)
        if paragraph_end < len(self.blank_lines) and self.blank_lines[paragraph_end] < closing:
            return -1
        return closing


def split_math(text: str) -> list[Segment]:
    """The text as plain and math segments, in order; plain text only when it holds no math."""
    scanner = _Scanner(text)
    segments: list[Segment] = []
    plain: list[str] = []
    index, spans = 0, 0

    def flush() -> None:
        if plain:
            segments.append(Segment("".join(plain)))
            plain.clear()

    def take(start: int, end: int, display: bool) -> None:
        nonlocal spans
        flush()
        segments.append(Segment(text[start:end], math=True, display=display))
        spans += 1

    while index < len(text):
        char = text[index]
        pair = text[index:index + 2]
        if spans < MAX_SPANS and pair in ("\\(", "\\["):
            closing = scanner.find_closing("\\)" if pair == "\\(" else "\\]", index + 2)
            if closing >= 0 and text[index + 2:closing].strip():
                take(index + 2, closing, display=pair == "\\[")
                index = closing + 2
                continue
        if char == "\\" and index + 1 < len(text) and text[index + 1] in "$\\":
            plain.append(text[index + 1] if text[index + 1] == "$" else "\\\\")
            index += 2
            continue
        if char == "$" and spans < MAX_SPANS:
            if pair == "$$":
                closing = scanner.find_closing("$$", index + 2)
                if closing >= 0 and text[index + 2:closing].strip():
                    take(index + 2, closing, display=True)
                    index = closing + 2
                    continue
                plain.append("$$")
                index += 2
                continue
            closing = scanner.inline_end(index)
            if closing >= 0:
                take(index + 1, closing, display=False)
                index = closing + 1
                continue
        plain.append(char)
        index += 1
    flush()
    return segments


def has_math(text: str) -> bool:
    """Whether the text holds at least one formula (a cheap test first: most cards have no `$` or `\\`)."""
    if "$" not in text and "\\(" not in text and "\\[" not in text:
        return False
    return any(segment.math for segment in split_math(text))
