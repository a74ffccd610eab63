"""A list of problems shown one per line, each translated on its own when the list is shown.

A service that refuses something lists several reasons (a deck file's problems, a form's problems):
each is its own marked message (`Marked`), and the list is one param of the sentence that introduces
it (`RecallError(N_("... nothing was stored:\\n{problems}"), problems=marked_lines(found))`).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.messages import Marked


def marked_lines(lines: Sequence[str], bullet: str = "- ") -> Marked:
    """`lines` one per line after `bullet`; a line that is `Marked` is translated where the whole is shown.

    The template is built here, not marked: it has no words, only each line's placeholder, so it reads the
    same in every language (a catalogue never holds it and `say` keeps it as is)."""
    template = "\n".join(f"{bullet}{{line{index}}}" for index in range(len(lines)))
    return Marked(template, **{f"line{index}": line for index, line in enumerate(lines)})
