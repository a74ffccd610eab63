"""`python -m bot content lint [PATH ...]`: what a deck author should fix before members answer.

First every problem `content check` reports (errors make the exit status 2, as there), then for each
deck that loads the warnings of bot/content/lint_rules.py, each with the file and line of the field it
is about and the rule's name in brackets, less those an allowance in the file silences
(bot/content/lint_allow.py). Warnings alone exit 0: they are advice, and CI keeps the shipped decks
free of them with a test rather than with the exit status.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.content.lint_allow import read_allowances, unused
from bot.content.lint_rules import RULES, lint_deck
from bot.content.loader import Problem, load_decks
from bot.content.messages import format_location
from bot.content.yamlread import read_yaml_file
from bot.core.deck import Deck
from bot.i18n.voice import say
from bot.terminal.wording import problem_line

DEFAULT_CONTENT_DIR = Path("content")
EXIT_OK = 0
EXIT_PROBLEMS = 2


def lint_file(path: Path, deck: Deck) -> tuple[list[Problem], int]:
    """The lint warnings of one loaded deck as file:line problems, and how many allowances silenced."""
    document = read_yaml_file(path)
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    allowances, allowance_problems = read_allowances(text, RULES)
    name = str(path)
    problems: list[Problem] = []
    silenced = 0
    for finding in lint_deck(deck):
        line = document.line_of(finding.path)
        allowance = next((a for a in allowances if a.covers(finding.rule, line, finding.subject)), None)
        if allowance is not None:
            allowance.used = True
            silenced += 1
            continue
        problems.append(
            Problem(name, line, format_location(finding.path), f"{finding.message} [{finding.rule}]", "warning")
        )
    for problem in [*allowance_problems, *unused(allowances)]:
        problems.append(Problem(name, problem.line, "", f"{problem.message} [allowance]", "warning"))
    problems.sort(key=lambda p: (p.line is None, p.line or 0))
    return problems, silenced


def run(paths: list[Path]) -> int:
    content = load_decks(paths or [DEFAULT_CONTENT_DIR])
    problems = list(content.problems)
    silenced = 0
    for deck_id, deck in content.decks.items():
        found, allowed = lint_file(content.files[deck_id], deck)
        problems.extend(found)
        silenced += allowed
    for problem in problems:
        print(problem_line(problem))
    errors = sum(1 for problem in problems if problem.severity == "error")
    counts = {"decks": len(content.decks), "errors": errors, "warnings": len(problems) - errors}
    if silenced:
        summary = say("{decks} deck(s) linted, {errors} error(s), {warnings} warning(s), {allowed} allowed by the deck's "
                      "own reasons", allowed=silenced, **counts)
    else:
        summary = say("{decks} deck(s) linted, {errors} error(s), {warnings} warning(s)", **counts)
    print(summary, file=sys.stderr)
    return EXIT_PROBLEMS if errors else EXIT_OK
