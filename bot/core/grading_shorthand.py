"""Chat shorthand read as the words it stands for (bot/core/text_normalize.py calls these).

- With a slash: "w/o" is "without" (a negation), "w/" is "with", "b/c" is "because" (a clause word),
  only as a word of its own ("kw/oz" is left alone).
- Chat spellings of common words: "tho" ends a clause and a denial as "though" does, "dbl" is
  "double"; each is canonicalised as the word it spells.
"""

from __future__ import annotations

import re

_SLASH_SHORTHAND = re.compile(r"(?<![\w/])(w/o|w/|b/c)(?![\w/])|(?<![\w/])(w/)(?=[a-z])", re.IGNORECASE)
_SLASH_WORDS = {"w/o": " without ", "w/": " with ", "b/c": " because "}
CHAT_WORDS = {
    "tho": "though", "altho": "although", "thru": "through", "cuz": "because", "coz": "because",
    "bcuz": "because", "becuz": "because", "bcoz": "because", "abt": "about", "ppl": "people",
    "dbl": "double", "smth": "something", "approx": "approximately",
}


def read_slash_shorthand(text: str) -> str:
    """`text` with "w/o", "w/" and "b/c" written out (call it only when the text holds a slash)."""
    return _SLASH_SHORTHAND.sub(_slash_word, text)


def _slash_word(match: re.Match[str]) -> str:
    return _SLASH_WORDS[(match.group(1) or match.group(2)).lower()]
