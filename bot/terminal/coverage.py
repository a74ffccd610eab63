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
from bot.terminal.grade import CommandError, Gradable, find_card, gradable, grade, load_deck

EXIT_OK = 0
EXIT_USAGE = 2
MAX_ANSWER_CHARS = 4000  # what Discord's answer box lets a member send (bot/cogs/explain/embeds.py)
MAX_ANSWERS = 5000
MAX_BYTES = MAX_ANSWERS * MAX_ANSWER_CHARS  # read no more than this, whatever the file is
SHOWN_CHARS = 70  # of an answer quoted in the report

_FLAG_NAMES = {
    FLAG_KEYWORD_LIST: "keyword-list (a bare list of keywords: nothing credited)",
    FLAG_COPIED: "copied-question (mostly the question's or hint's words: copied runs credit nothing)",
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
            raise CommandError(
                f"{card.id!r} is a {card.kind} card: coverage is for an open card's concepts and keywords"
                + (" (`python -m bot grade` grades a flashcard against its back)" if card.kind == "flashcard" else "")
            )
        target = gradable(card)
        answers = read_answers(source)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    graded = [Graded(line, text, grade(target, text)) for line, text in answers]
    print(report(deck, target, graded))
    return EXIT_OK


def read_answers(source: str) -> list[tuple[int, str]]:
    """(line number, answer) for each line that holds something: one answer per line, blank lines skipped."""
    name = "stdin" if source == "-" else source
    raw = _read_bytes(source)
    if len(raw) > MAX_BYTES:
        raise CommandError(f"{name} is larger than {MAX_BYTES // 1_000_000} MB; coverage reads at most {MAX_ANSWERS} answers")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        line = raw.count(b"\n", 0, failure.start) + 1
        raise CommandError(f"{name} is not UTF-8 text (line {line}); save it as UTF-8") from None
    answers = []
    for number, line_text in enumerate(text.split("\n"), start=1):
        answer = line_text.rstrip("\r")
        if not answer.strip():
            continue
        if len(answer) > MAX_ANSWER_CHARS:
            raise CommandError(
                f"line {number} of {name} has {len(answer)} characters; a member can send at most "
                f"{MAX_ANSWER_CHARS} (one answer per line)"
            )
        answers.append((number, answer))
    if not answers:
        raise CommandError(f"{name} holds no answers: write one sample answer per line")
    if len(answers) > MAX_ANSWERS:
        raise CommandError(f"{name} holds {len(answers)} answers; coverage reads at most {MAX_ANSWERS}")
    return answers


def report(deck: str, target: Gradable, graded: list[Graded]) -> str:
    count = len(graded)
    width = len(str(max(item.line for item in graded)))
    out = [f"{target.card_id} ({deck}): {_answers(count)}, {len(target.concepts)} concepts"]
    if target.derived:
        out.append("note: this card has no concepts; they were derived from its model answer")
    for index, concept in enumerate(target.concepts):
        hits = [(item, item.result.concepts[index]) for item in graded if item.result.concepts[index].hit]
        denied = [item.line for item in graded if item.result.concepts[index].negated]
        out.append("")
        out.append(f"{concept.name}: {len(hits)} of {count} answers")
        if hits:
            out.append(f"  {'line':>{max(width, 4)}}  words matched (keyword)")
        for item, verdict in hits:
            typo = "" if verdict.score == 100 else f", typo score {verdict.score}"
            out.append(f'  {item.line:>{max(width, 4)}}  "{_shown(verdict.matched or "")}" ({verdict.keyword}{typo})')
        if not hits:
            out.append("  no answer earns it")
        if denied:
            out.append(f"  said not to hold in: {_lines(denied)}")
        credited = {verdict.keyword for _, verdict in hits}
        idle = [keyword for keyword in concept.keywords if keyword not in credited]
        if idle and not target.derived:
            out.append(f"  no answer was credited through: {', '.join(idle)}")
    stated = [(item, found) for item in graded for found in item.result.misconceptions]
    if stated:
        out.append("")
        out.append(f"Misconceptions stated ({_answers(len({item.line for item, _ in stated}))})")
        for item, found in stated:
            voids = f", voids {found.contradicts!r}" if found.contradicts else ""
            out.append(f'  line {item.line}: "{_shown(found.matched)}" (trigger "{found.trigger}"){voids}')
    flagged = [(item, flag) for item in graded for flag in item.result.flags]
    if flagged:
        out.append("")
        out.append(f"Credit withheld by the gaming rule ({_answers(len({item.line for item, _ in flagged}))})")
        out.extend(f"  line {item.line}: {_FLAG_NAMES.get(flag, flag)}" for item, flag in flagged)
    nothing = [item for item in graded if item.result.hits == 0]
    out.append("")
    out.append(f"Answers that earn nothing ({len(nothing)} of {count})")
    for item in nothing:
        why = f"  [{', '.join(item.result.flags)}]" if item.result.flags else ""
        out.append(f"  line {item.line}: {_shown(item.text)}{why}")
    if not nothing:
        out.append("  none")
    return "\n".join(out)


def _read_bytes(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    path = Path(source)
    if path.is_dir():
        raise CommandError(f"{source} is a folder; give a text file with one answer per line")
    try:
        with path.open("rb") as stream:
            return stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise CommandError(f"no answers file at {source}") from None
    except OSError as error:
        raise CommandError(f"can't read {source}: {error.strerror or error}") from None


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
    return f"{count} answer{'s' if count != 1 else ''}"


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" and {len(numbers) - 20} more" if len(numbers) > 20 else "")


def _safe_output() -> None:
    """Never crash on a terminal that cannot show some character of an answer."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
