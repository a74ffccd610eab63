"""Allowances: an author's reasoned "yes, I mean this" for one lint warning, written in the deck file.

A keyword can be a common word on purpose ("student" in a card on distillation), and changing it would
change grading. An allowance is a YAML comment, so the deck format (and the bot) never sees it:

    keywords: [student, small model]  # lint-allow common-word(student): the term of art here

or on a line of its own, for the next line that holds something:

    # lint-allow few-keywords: the idea has two names and no paraphrase
    keywords: [AVL, red-black]

It silences the warnings of that rule on that line (only those about the keywords in brackets, if any
are named). A reason is required, and an allowance that silences nothing is reported: stale ones must
not pile up and hide the next real warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.messages import N_, Marked

_ALLOW = re.compile(r"(?:^|\s)#\s*lint-allow\b(?P<body>.*)$")
_BODY = re.compile(r"^\s+(?P<rule>[a-z][a-z-]*)\s*(?:\((?P<subjects>[^)]*)\))?\s*(?::\s*(?P<reason>.*?))?\s*$")
MIN_REASON_CHARS = 10


@dataclass
class Allowance:
    line: int  # where the comment is written
    target: int  # the line whose warnings it silences
    rule: str
    subjects: frozenset[str]  # casefolded; empty: every warning of the rule on the line
    reason: str
    used: bool = field(default=False)

    def covers(self, rule: str, line: int | None, subject: str) -> bool:
        return (
            rule == self.rule and line == self.target and (not self.subjects or subject.casefold() in self.subjects)
        )


@dataclass(frozen=True)
class AllowanceProblem:
    line: int
    message: str


def read_allowances(text: str, rules: tuple[str, ...]) -> tuple[list[Allowance], list[AllowanceProblem]]:
    """The allowances written in a deck file's text, and those that can't be used as written."""
    allowances: list[Allowance] = []
    problems: list[AllowanceProblem] = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        found = _ALLOW.search(line)
        if found is None:
            continue
        body = _BODY.match(found["body"])
        if body is None:
            problems.append(AllowanceProblem(number, Marked(N_(
                "write an allowance as `# lint-allow RULE(keyword, ...): reason`"))))
            continue
        rule, reason = body["rule"], (body["reason"] or "").strip()
        if rule not in rules:
            problems.append(AllowanceProblem(number, Marked(N_("no lint rule {rule} (rules: {rules})"), rule=repr(rule),
                                                            rules=", ".join(rules))))
            continue
        if len(reason) < MIN_REASON_CHARS:
            problems.append(AllowanceProblem(number, Marked(N_(
                "an allowance needs a reason after a colon: say why the warning is wrong here"))))
            continue
        subjects = frozenset(s.strip().casefold() for s in (body["subjects"] or "").split(",") if s.strip())
        own_line = line[: found.start()].strip() == ""
        target = _next_content_line(lines, number) if own_line else number
        allowances.append(Allowance(number, target, rule, subjects, reason))
    return allowances, problems


def unused(allowances: list[Allowance]) -> list[AllowanceProblem]:
    return [
        AllowanceProblem(a.line, Marked(N_("this allowance of {rule} silences no warning: remove it"), rule=a.rule))
        for a in allowances if not a.used
    ]


def _next_content_line(lines: list[str], after: int) -> int:
    for number in range(after + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return after
