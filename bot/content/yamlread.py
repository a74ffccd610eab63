"""Reads YAML defensively: bounded size and memory, and a line number for every value.

PyYAML's `safe_load` follows aliases (a "billion laughs" file expands to gigabytes), silently keeps
the last of two equal keys and forgets where each value came from. Here the file is first checked
(size without reading it, UTF-8, tabs, anchors by the scanner alone), then plain data is built
straight from libyaml's parser events, recording the line of every path, with caps on the number of
values and on nesting, so time and memory stay bounded whatever the file holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.messages import N_, Marked

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 30_000  # about 3000 cards: more is a mistake, and would cost seconds and memory
MAX_REPORTED = 10

Location = tuple[str | int, ...]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class ReadIssue:
    """A problem found while reading, before the data is validated: `path` names the field, if any."""

    line: int | None
    message: str  # a `Marked` text (translated where it is shown)
    path: Location = ()
    code: str = ""  # "duplicate-key" for a key written twice: importers may tolerate it


@dataclass
class YamlDocument:
    data: Any = None
    lines: dict[Location, int] = field(default_factory=dict)
    issues: list[ReadIssue] = field(default_factory=list)

    def line_of(self, path: Location) -> int | None:
        """The line of `path`, or of its nearest enclosing value that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def read_yaml_file(path: Path, *, strings_only: bool = False, allow_tabs: bool = False) -> YamlDocument:
    """Read `path` without ever holding more than MAX_FILE_BYTES of it."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            if size > MAX_FILE_BYTES:
                return _too_large(stream.readline(1024), Marked(
                    N_("the file is {size}; a deck file may be at most {limit}"), size=_megabytes(size),
                    limit=_megabytes(MAX_FILE_BYTES)))
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return _refused(Marked(N_("can't read the file: {reason}"), reason=str(error.strerror or error)))
    if len(raw) > MAX_FILE_BYTES:  # it grew while being read, or is not a regular file
        return _too_large(raw[:1024], Marked(N_("the file is larger than that; a deck file may be at most {limit}"),
                                             limit=_megabytes(MAX_FILE_BYTES)))
    return read_yaml_bytes(raw, strings_only=strings_only, allow_tabs=allow_tabs)


def read_yaml_bytes(raw: bytes, *, strings_only: bool = False, allow_tabs: bool = False) -> YamlDocument:
    if len(raw) > MAX_FILE_BYTES:
        return _refused(Marked(N_("the text is larger than {limit}, the most a deck file may be"),
                              limit=_megabytes(MAX_FILE_BYTES)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = Marked(N_("the file is not UTF-8 text (byte {byte} can't be read); save it as UTF-8"),
                         byte=f"0x{raw[error.start]:02x}")
        return YamlDocument(
            issues=[ReadIssue(line, message, key_on_line(raw.decode("utf-8", "replace"), line))]
        )
    return read_yaml_text(text, strings_only=strings_only, allow_tabs=allow_tabs)


def read_yaml_text(text: str, *, strings_only: bool = False, allow_tabs: bool = False) -> YamlDocument:
    """Parse one YAML document. `strings_only` reads every scalar as text (no yes->True, 1999->1999)."""
    if not allow_tabs and "\t" in text:
        tab_lines = [number for number, line in enumerate(text.splitlines(), start=1) if "\t" in line]
        return YamlDocument(
            issues=[
                ReadIssue(
                    number,
                    Marked(N_("a tab character: indent with spaces, and write spaces instead of tabs in text")),
                    key_on_line(text, number),
                )
                for number in tab_lines[:MAX_REPORTED]
            ]
        )
    try:
        anchors = _anchor_lines(text) if ("&" in text or "*" in text) else []
        if anchors:
            return YamlDocument(
                issues=[ReadIssue(line, message, key_on_line(text, line)) for line, message in anchors]
            )
        document = YamlDocument()
        builder = _Builder(document, strings_only, yaml.parse(text, Loader=_Loader))
        document.data = builder.build()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        # PyYAML's own words name the syntax problem (English in every language).
        detail = f"{error.problem} ({error.context})" if error.context else str(error.problem)
        started = error.context_mark.line + 1 if error.context_mark else None
        message = (Marked(N_("YAML syntax error: {detail}, which started at line {line}"), detail=detail,
                          line=str(started)) if started is not None and started != line
                   else Marked(N_("YAML syntax error: {detail}"), detail=detail))
        return YamlDocument(issues=[ReadIssue(line, message, key_on_line(text, line))])
    except yaml.YAMLError as error:
        return _refused(Marked(N_("YAML can't be read: {reason}"), reason=str(error)))
    except _TooManyValues as error:
        message = Marked(N_("the file holds more than {count} values: split it into several decks"),
                         count=str(MAX_VALUES))
        return YamlDocument(issues=[ReadIssue(error.line, message)])
    if document.data is None and not document.issues:
        return _refused(Marked(N_("the file is empty")))
    return document


def _anchor_lines(text: str) -> list[tuple[int, str]]:
    """Anchors and aliases, found by the scanner alone: refused before anything is built from them."""
    names_by_line: dict[int, list[str]] = {}
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
            names = names_by_line.setdefault(token.start_mark.line + 1, [])
            if f"{sign}{token.value}" not in names:
                names.append(f"{sign}{token.value}")
            if len(names_by_line) > MAX_REPORTED:
                break
    return [
        (line, Marked(N_("YAML anchors and aliases ({names}) are not allowed: write the value out"),
                      names=", ".join(names)))
        for line, names in list(names_by_line.items())[:MAX_REPORTED]
    ]


class _TooManyValues(Exception):
    def __init__(self, line: int | None) -> None:
        super().__init__(line)
        self.line = line


class _Builder:
    """Builds plain data straight from parser events: no node tree is kept, and aliases are refused."""

    def __init__(self, document: YamlDocument, strings_only: bool, events: Iterator[yaml.Event]) -> None:
        self.document = document
        self.strings_only = strings_only
        self.events = events
        self.pending: yaml.Event | None = None
        self.count = 0
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def next_event(self) -> yaml.Event:
        event, self.pending = (self.pending, None) if self.pending is not None else (next(self.events), None)
        return event

    def peek(self) -> yaml.Event:
        if self.pending is None:
            self.pending = next(self.events)
        return self.pending

    def issue(self, line: int | None, message: Marked, path: Location, code: str = "") -> None:
        self.document.issues.append(ReadIssue(line, message, path, code))

    def build(self) -> Any:
        self.next_event()  # stream start
        if isinstance(self.peek(), yaml.StreamEndEvent):
            return None
        self.next_event()  # document start
        data = self.value((), 0)
        self.next_event()  # document end
        extra = self.peek()
        if isinstance(extra, yaml.DocumentStartEvent):
            line = _line(extra)
            self.issue(
                line, Marked(N_("a deck file holds one YAML document: remove the second '---' and what follows")),
                ()
            )
        return data

    def value(self, path: Location, depth: int, line: int | None = None) -> Any:
        event = self.next_event()
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooManyValues(_line(event))
        line = line if line is not None else _line(event)
        if line is not None:
            self.document.lines.setdefault(path, line)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            self.issue(line, Marked(N_("YAML anchors and aliases are not allowed: write the value out")), path)
            self.skip(event)
            return None
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event)
        if depth >= MAX_DEPTH:
            self.issue(line, Marked(N_("nested more than {depth} levels deep"), depth=MAX_DEPTH), path)
            self.skip(event)
            return None
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(self.peek(), yaml.SequenceEndEvent):
                items.append(self.value((*path, len(items)), depth + 1))
            self.next_event()
            return items
        return self.mapping(path, depth)

    def skip(self, event: yaml.Event) -> None:
        """Consume the rest of a collection that is not built."""
        open_collections = 1 if isinstance(event, yaml.CollectionStartEvent) else 0
        while open_collections:
            following = self.next_event()
            if isinstance(following, yaml.CollectionStartEvent):
                open_collections += 1
            elif isinstance(following, yaml.CollectionEndEvent):
                open_collections -= 1

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        if self.strings_only:
            return event.value
        tag = (
            event.tag
            if event.tag not in (None, "!")
            else self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        )
        node = yaml.ScalarNode(tag, event.value, style=event.style)
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError):  # an unknown tag, or an impossible date such as 2024-02-30
            return event.value

    def mapping(self, path: Location, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int | None] = {}
        while not isinstance(self.peek(), yaml.MappingEndEvent):
            key_event = self.next_event()
            key_line = _line(key_event)
            if not isinstance(key_event, yaml.ScalarEvent) or getattr(key_event, "anchor", None):
                self.issue(key_line, Marked(N_("a key must be plain text")), path)
                self.skip(key_event)
                self.value((*path, "?"), depth + 1)
                continue
            key = key_event.value  # keys as written: `yes:` or `1:` is a (wrong) key, not True or 1
            if key_event.value == "<<" and key_event.style is None and not self.strings_only:
                self.issue(key_line, Marked(N_("merge keys (<<) are not allowed: write the keys out")), path)
                self.value((*path, "<<"), depth + 1)
                continue
            child = (*path, key)
            if key in first_line:
                self.issue(
                    key_line,
                    Marked(N_("the key {key} appears twice (first at line {line})"), key=repr(key),
                           line=str(first_line[key])),
                    child,
                    "duplicate-key",
                )
                self.skip(self.next_event())
                continue
            first_line[key] = key_line
            # A value's line is its key's line, so that `front:` followed by nothing still points there.
            result[key] = self.value(child, depth + 1, key_line)
        self.next_event()
        return result


_KEY_ON_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)*([^\s:#'\"\-\[\]{}][^:#]*?)[ \t]*:(?:[ \t]|$)")


def key_on_line(text: str, line: int | None) -> Location:
    """The key written on `line` (1-based), for problems found before the YAML could be parsed."""
    if line is None:
        return ()
    lines = text.splitlines()
    match = _KEY_ON_LINE.match(lines[line - 1]) if 0 < line <= len(lines) else None
    return (match.group(1),) if match else ()


def _line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark is not None else None


def _refused(message: Marked, line: int | None = None) -> YamlDocument:
    return YamlDocument(issues=[ReadIssue(line, message)])


def _too_large(start: bytes, message: Marked) -> YamlDocument:
    """Refused without reading on; the first line names the key where the file starts."""
    first_line = start.split(b"\n", 1)[0].decode("utf-8", "replace")
    return YamlDocument(issues=[ReadIssue(1, message, key_on_line(first_line, 1))])


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
