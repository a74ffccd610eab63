"""Build bot/core/data/ja_kanji_readings.txt: the on and kun readings of the Jōyō and Jinmeiyō kanji, in
hiragana, from the Unicode Han Database (Unihan). Maintainers only: the bot reads the committed file.

    apt-get download unicode-data && dpkg-deb -x unicode-data_*.deb /tmp/unicode-data
    python tools/build_ja_readings.py --unihan /tmp/unicode-data/usr/share/unicode

One line per kanji: `字<TAB>on readings<TAB>kun readings`, readings separated by spaces (Unihan's
kJapaneseOn and kJapaneseKun, converted from their romaji by bot/core/languages/romaji.py; a reading that
does not convert is dropped). See bot/core/data/README.md for the source and licence.
"""

from __future__ import annotations

import argparse
import bz2
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.languages.romaji import to_hiragana

OUT = Path(__file__).resolve().parents[1] / "bot" / "core" / "data" / "ja_kanji_readings.txt"
_LISTS = ("kJoyoKanji", "kJinmeiyoKanji")
HEADER = (
    "# Modified extract of the Unicode Han Database (Unihan 15.0.0, Debian unicode-data 15.0.0-1):",
    "# kJapaneseOn/kJapaneseKun of the kJoyoKanji and kJinmeiyoKanji, converted to hiragana by",
    "# tools/build_ja_readings.py. Copyright (c) 1991-2022 Unicode, Inc.; Unicode licence (bot/core/data/README.md).",
)


def _lines(folder: Path, name: str) -> Iterator[list[str]]:
    plain = folder / f"{name}.txt"
    text = plain.read_text(encoding="utf-8") if plain.exists() else bz2.decompress(
        (folder / f"{name}.txt.bz2").read_bytes()).decode("utf-8")
    for line in text.splitlines():
        if line.startswith("U+"):
            yield line.split("\t")


def build(folder: Path) -> list[str]:
    listed = {chr(int(code[2:], 16)) for code, field, _ in _lines(folder, "Unihan_OtherMappings") if field in _LISTS}
    readings: dict[str, dict[str, list[str]]] = {}
    for code, field, value in _lines(folder, "Unihan_Readings"):
        char = chr(int(code[2:], 16))
        if char in listed and field in ("kJapaneseOn", "kJapaneseKun"):
            kana = [converted for word in value.split() if (converted := to_hiragana(word))]
            readings.setdefault(char, {}).setdefault(field, []).extend(dict.fromkeys(kana))
    return [f"{char}\t{' '.join(found.get('kJapaneseOn', []))}\t{' '.join(found.get('kJapaneseKun', []))}"
            for char, found in sorted(readings.items())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unihan", type=Path, default=Path("/usr/share/unicode"),
                        help="folder with Unihan_Readings.txt(.bz2) and Unihan_OtherMappings.txt(.bz2)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    lines = build(args.unihan)
    args.out.write_text("\n".join([*HEADER, *lines]) + "\n", encoding="utf-8")
    print(f"{len(lines)} kanji -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
