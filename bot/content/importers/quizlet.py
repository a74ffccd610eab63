"""Quizlet's export: "term TAB definition", one card per line.

Quizlet doesn't quote definitions that contain line breaks, so a line without a tab continues the
previous card's definition.
"""

from __future__ import annotations

from bot.content.importers.cards import LONG_TEXT_MAX, CardDraft, Fitter, ImportFailure, ParsedSource
from bot.content.importers.text import clean_text
from bot.core.messages import N_, Marked


def parse_quizlet(text: str, source_name: str) -> ParsedSource:
    source = ParsedSource()
    fit = Fitter(source_name, source.notes)
    entries: list[tuple[int, str, list[str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            term, definition = line.split("\t", 1)
            entries.append((number, term, [definition]))
        elif entries:
            entries[-1][2].append(line)
        elif line.strip():
            raise ImportFailure(
                [Marked(N_("{where}: expected 'term<TAB>definition' (is this a Quizlet export?)"),
                        where=f"{source_name}:{number}")]
            )
    for number, raw_term, raw_definition in entries:
        term, definition = clean_text(raw_term), clean_text("\n".join(raw_definition))
        if not term or not definition:
            source.notes.append(Marked(N_("{where}: skipped a line without both a term and a definition"),
                                       where=f"{source_name}:{number}"))
            continue
        body = {
            "front": fit(term, LONG_TEXT_MAX, number, "term"),
            "back": fit(definition, LONG_TEXT_MAX, number, "definition"),
        }
        source.drafts.append(CardDraft("flashcard", term, body, line=number))
    return source
