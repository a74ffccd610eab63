"""`python -m bot content coverage DECK CARD ANSWERS`: how a card's keywords do on sample answers.

A deck author writes answers members might give, one per line, and sees per concept which answers
earned it and through which words and keyword, which keywords credited nothing, which answers stated
a misconception or had credit withheld by the gaming rule, and which earned nothing at all. Every
answer is graded exactly as `python -m bot grade DECK CARD -` grades it (bot/terminal/grade.py), so
what this shows is what members get.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot.core.deck import OpenCard
from bot.core.grading import FLAG_COPIED, FLAG_KEYWORD_LIST, GradeResult
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked, say_n
from bot.terminal.grade import CommandError, Gradable, find_card, gradable, grade, load_deck

EXIT_OK = 0
EXIT_USAGE = 2
MAX_ANSWER_CHARS = 4000  # what Discord's answer box lets a member send (bot/cogs/explain/embeds.py)
MAX_ANSWERS = 5000
MAX_BYTES = MAX_ANSWERS * MAX_ANSWER_CHARS  # read no more than this, whatever the file is
SHOWN_CHARS = 70  # of an answer quoted in the report

_FLAG_NAMES = {
    FLAG_KEYWORD_LIST: N_("keyword-list (a bare list of keywords: nothing credited)"),
    FLAG_COPIED: N_("copied-question (mostly the question's or hint's words: copied runs credit nothing)"),
}


@dataclass(frozen=True)
class Graded:
    line: int  # in the answers file, counting blank lines
    text: str
    result: GradeResult


def run(deck: str, card_id: str, source: str) -> int:
    _safe_output()
    try:
        card = find_card(load_deck(deck), card_id)
        if not isinstance(card, OpenCard):
            if card.kind == "flashcard":
                raise CommandError(say("{card} is a flashcard card: coverage is for an open card's concepts and keywords "
                                       "(`python -m bot grade` grades a flashcard against its back)", card=repr(card.id)))
            raise CommandError(say("{card} is a {kind} card: coverage is for an open card's concepts and keywords",
                                   card=repr(card.id), kind=card.kind))
        target = gradable(card)
        answers = read_answers(source)
    except CommandError as error:
        print(say("error: {error}", error=error), file=sys.stderr)
        return EXIT_USAGE
    graded = [Graded(line, text, grade(target, text)) for line, text in answers]
    print(report(deck, target, graded))
    return EXIT_OK


def read_answers(source: str) -> list[tuple[int, str]]:
    """(line number, answer) for each line that holds something: one answer per line, blank lines skipped."""
    name = "stdin" if source == "-" else source  # i18n: not shown (the name of a file: stdin is a file too)
    raw = _read_bytes(source)
    if len(raw) > MAX_BYTES:
        raise CommandError(say("{name} is larger than {megabytes} MB; coverage reads at most {most} answers", name=name,
                               megabytes=str(MAX_BYTES // 1_000_000), most=str(MAX_ANSWERS)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        line = raw.count(b"\n", 0, failure.start) + 1
        raise CommandError(say("{name} is not UTF-8 text (line {line}); save it as UTF-8", name=name, line=str(line))) from None
    answers = []
    for number, line_text in enumerate(text.split("\n"), start=1):
        answer = line_text.rstrip("\r")
        if not answer.strip():
            continue
        if len(answer) > MAX_ANSWER_CHARS:
            raise CommandError(say("line {line} of {name} has {length} characters; a member can send at most {most} "
                                   "(one answer per line)", line=str(number), name=name, length=str(len(answer)),
                                   most=str(MAX_ANSWER_CHARS)))
        answers.append((number, answer))
    if not answers:
        raise CommandError(say("{name} holds no answers: write one sample answer per line", name=name))
    if len(answers) > MAX_ANSWERS:
        raise CommandError(say("{name} holds {count} answers; coverage reads at most {most}", name=name,
                               count=str(len(answers)), most=str(MAX_ANSWERS)))
    return answers


def report(deck: str, target: Gradable, graded: list[Graded]) -> str:
    count = len(graded)
    width = len(str(max(item.line for item in graded)))
    out = [say_n("{card} ({deck}): {answers}, {count} concepts", "{card} ({deck}): {answers}, {count} concepts",
                 len(target.concepts), card=target.card_id, deck=deck, answers=_answers(count))]
    if target.derived:
        out.append(say("note: this card has no concepts; they were derived from its model answer"))
    for index, concept in enumerate(target.concepts):
        hits = [(item, item.result.concepts[index]) for item in graded if item.result.concepts[index].hit]
        denied = [item.line for item in graded if item.result.concepts[index].negated]
        out.append("")
        out.append(say_n("{concept}: {hits} of {count} answers", "{concept}: {hits} of {count} answers", count,
                         concept=concept.name, hits=len(hits)))
        column = max(width, 4)
        if hits:
            out.append(f"  {say('line'):>{column}}  " + say("words matched (keyword)"))
        for item, verdict in hits:
            matched = _shown(verdict.matched or "")
            credit = (say('"{matched}" ({keyword})', matched=matched, keyword=verdict.keyword) if verdict.score == 100
                      else say('"{matched}" ({keyword}, typo score {score})', matched=matched, keyword=verdict.keyword,
                               score=verdict.score))
            out.append(f"  {item.line:>{column}}  {credit}")
        if not hits:
            out.append("  " + say("no answer earns it"))
        if denied:
            out.append("  " + say("said not to hold in: {lines}", lines=_lines(denied)))
        credited = {verdict.keyword for _, verdict in hits}
        idle = [keyword for keyword in concept.keywords if keyword not in credited]
        if idle and not target.derived:
            out.append("  " + say("no answer was credited through: {keywords}", keywords=", ".join(idle)))
    stated = [(item, found) for item in graded for found in item.result.misconceptions]
    if stated:
        out.append("")
        out.append(say("Misconceptions stated ({answers})", answers=_answers(len({item.line for item, _ in stated}))))
        for item, found in stated:
            if found.contradicts:
                out.append("  " + say('line {line}: "{matched}" (trigger "{trigger}"), voids {concept}', line=str(item.line),
                                      matched=_shown(found.matched), trigger=found.trigger, concept=repr(found.contradicts)))
            else:
                out.append("  " + say('line {line}: "{matched}" (trigger "{trigger}")', line=str(item.line),
                                      matched=_shown(found.matched), trigger=found.trigger))
    flagged = [(item, flag) for item in graded for flag in item.result.flags]
    if flagged:
        out.append("")
        out.append(say("Credit withheld by the gaming rule ({answers})",
                       answers=_answers(len({item.line for item, _ in flagged}))))
        out.extend("  " + say("line {line}: {flag}", line=str(item.line),
                              flag=say_marked(_FLAG_NAMES[flag]) if flag in _FLAG_NAMES else flag)
                   for item, flag in flagged)
    nothing = [item for item in graded if item.result.hits == 0]
    out.append("")
    out.append(say("Answers that earn nothing ({nothing} of {count})", nothing=len(nothing), count=count))
    for item in nothing:
        why = f"  [{', '.join(item.result.flags)}]" if item.result.flags else ""
        out.append("  " + say("line {line}: {answer}", line=str(item.line), answer=_shown(item.text)) + why)
    if not nothing:
        out.append("  " + say("none"))
    return "\n".join(out)


def _read_bytes(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    path = Path(source)
    if path.is_dir():
        raise CommandError(say("{source} is a folder; give a text file with one answer per line", source=source))
    try:
        with path.open("rb") as stream:
            return stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise CommandError(say("no answers file at {source}", source=source)) from None
    except OSError as error:
        raise CommandError(say("can't read {source}: {reason}", source=source, reason=error.strerror or error)) from None


def _shown(text: str) -> str:
    """An answer as one short printable line: control and format characters out, and no more than one
    accent on a letter (a "zalgo" answer stacks dozens)."""
    kept: list[str] = []
    marks = 0
    for ch in unicodedata.normalize("NFC", text):
        category = unicodedata.category(ch)
        if category in ("Mn", "Me"):
            marks += 1
            if marks > 1:
                continue
        else:
            marks = 0
        if category == "Cf":
            continue
        kept.append(" " if category in ("Cc", "Zl", "Zp") else ch)
    line = " ".join("".join(kept).split())
    return line if len(line) <= SHOWN_CHARS else line[: SHOWN_CHARS - 1] + "…"


def _answers(count: int) -> str:
    return say_n("{count} answer", "{count} answers", count)


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return say("{lines} and {more} more", lines=shown, more=len(numbers) - 20) if len(numbers) > 20 else shown


def _safe_output() -> None:
    """Never crash on a terminal that cannot show some character of an answer."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
