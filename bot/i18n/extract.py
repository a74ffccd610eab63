"""Find every message the bot says, by reading its source: `say`, `say_n` and `N_` calls.

A message must be a literal at the call (a whole sentence with named placeholders), so the catalogue
tools see exactly what can be shown. Messages are grouped by the part of the bot that says them (its
catalogue file `replies-<part>.po`): a package's folder under `bot/cogs`, else the top package
(`app`, `services`, `core`, `terminal`, ...).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

BOT = Path(__file__).resolve().parents[1]
ONE_MESSAGE = ("say", "N_")
PLURAL = ("say_n",)


@dataclass
class Message:
    english: str
    plural: str | None = None
    places: list[str] = field(default_factory=list)


def part_of(path: Path, root: Path = BOT) -> str:
    parts = path.relative_to(root).parts
    if parts[0] == "cogs":
        return parts[1] if len(parts) > 2 else "cogs"
    return parts[0].removesuffix(".py")


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def messages_in(path: Path, root: Path = BOT) -> tuple[list[Message], list[str]]:
    """(messages, problems) of one source file; a problem is a call whose message is not a literal."""
    found: list[Message] = []
    problems: list[str] = []
    where = str(path.relative_to(root.parent))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        if name in ONE_MESSAGE or name in PLURAL:
            wanted = 2 if name in PLURAL else 1
            texts = [_literal(argument) for argument in node.args[:wanted]]
            if len(texts) < wanted or any(text is None for text in texts):
                problems.append(f"{where}:{node.lineno}: {name}() needs literal English text, not an expression")
                continue
            english, plural = texts[0], texts[1] if wanted == 2 else None
            assert english is not None
            found.append(Message(english, plural, [f"{where}:{node.lineno}"]))
    return found, problems


def extract(root: Path = BOT) -> tuple[dict[str, dict[str, Message]], list[str]]:
    """part -> English -> message, and every problem found, over all of `root`'s Python files."""
    parts: dict[str, dict[str, Message]] = {}
    problems: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] == "i18n":  # where `say` is written, not used
            continue
        found, trouble = messages_in(path, root)
        problems.extend(trouble)
        bucket = parts.setdefault(part_of(path, root), {})
        for message in found:
            known = bucket.get(message.english)
            if known is None:
                bucket[message.english] = message
            elif known.plural != message.plural:
                problems.append(f"{message.places[0]}: {message.english!r} is used both as a plural and not")
            else:
                known.places.extend(message.places)
    return {part: messages for part, messages in parts.items() if messages}, problems
