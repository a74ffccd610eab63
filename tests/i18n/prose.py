"""Finding English prose in the source that does not go through the catalogues (`say`, `say_n`, `N_`).

A string is prose when it holds two words, or when it is given as a label, title, placeholder, content
or text of a Discord message part. Not prose for this purpose: docstrings, log lines, assertions and
the errors that only a programmer sees (`ValueError`, `RuntimeError`, ...), argparse's help (the
terminal's help stays English), command names and descriptions (the `commands` catalogue), a command's usage
as typed (`/deck report deck [period]`: the names a member types, which stay English), and a line that says
why with `# i18n: not shown (reason)`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

TWO_WORDS = re.compile(r"[^\W\d_]{2,}[ \u00a0][^\W\d_]{2,}")
ANY_LETTER = re.compile(r"[^\W\d_]")
SHOWN_KEYWORDS = {"label", "title", "placeholder", "content", "text", "description", "name", "value",
                  "default", "question", "answer"}
TRANSLATED = {"say", "say_n", "say_marked", "N_"}
LOGGING = {"debug", "info", "warning", "error", "exception", "critical", "log"}
PROGRAMMER_ERRORS = {"ValueError", "TypeError", "RuntimeError", "KeyError", "AssertionError", "IndexError",
                     "NotImplementedError", "AttributeError", "LookupError", "OSError"}
ARGPARSE = {"add_argument", "add_parser", "ArgumentParser", "add_subparsers", "add_argument_group",
            "add_mutually_exclusive_group"}
# Command names, descriptions and choices: translated by the `commands` catalogue (its own test).
COMMAND_STRINGS = {"command", "describe", "Group", "Choice", "rename", "card_cog", "context_menu", "locale_str"}
NOT_SHOWN = "# i18n: not shown"
# A command's usage as typed: starts with `/name`, then only lower-case names, options, `[optional]`, `a|b`,
# `key:value`, commas and `(or /other)`; a capital letter or a full stop makes it a sentence again.
COMMAND_USAGE = re.compile(r"/[a-z][a-z0-9-]*(?:[ ,|:\[\]()/a-z0-9_-])*")
# SQL text and its fragments: an uppercase keyword, or a `?` parameter.
SQL = re.compile(r"\b(SELECT|FROM|WHERE|RETURNING|VALUES|JOIN|CAST|INSERT|UPDATE|DELETE|PRAGMA|CREATE|ORDER BY|"
                 r"GROUP BY|IS NULL|NOT NULL|AND|OR|IN|LIMIT|DESC|ASC|AS|SET)\b|= \?|\?,|\(\?")


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _excused_call(call: ast.Call) -> bool:
    name = _name(call)
    if name in TRANSLATED or name in ARGPARSE or name in PROGRAMMER_ERRORS or name in COMMAND_STRINGS:
        return True
    if name in LOGGING and isinstance(call.func, ast.Attribute):
        receiver = call.func.value
        return isinstance(receiver, ast.Name) and receiver.id in {"log", "logger", "logging", "LOG"}
    return False


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def untranslated_prose(path: Path, shown_as: str) -> list[str]:
    """`file:line: text` for every piece of prose in `path` outside the catalogues."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    docstrings = _docstring_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in docstrings:
            continue
        text = node.value
        keyword = parents.get(id(node))
        shown_keyword = isinstance(keyword, ast.keyword) and keyword.arg in SHOWN_KEYWORDS
        if not (TWO_WORDS.search(text) or (shown_keyword and ANY_LETTER.search(text))) or SQL.search(text):
            continue
        if COMMAND_USAGE.fullmatch(text):
            continue
        if _excused(node, parents) or NOT_SHOWN in lines[node.lineno - 1]:
            continue
        found.append((node.lineno, f"{shown_as}:{node.lineno}: {text[:60]!r}"))
    return [line for _, line in sorted(found)]


def _excused(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    current: ast.AST | None = parents.get(id(node))
    while current is not None:
        if isinstance(current, ast.Call) and _excused_call(current):
            return True
        if isinstance(current, ast.Assert):
            return True
        if isinstance(current, ast.Raise) and current.exc is not None and _name(current.exc) in PROGRAMMER_ERRORS:
            return True
        current = parents.get(id(current))
    return False
