"""A card's text with its formulas drawn, as one PNG: run as `python -m bot.ops.math_image`, a child process.

The parent (bot.ops.math_render) sends the texts as JSON on stdin; the child answers a PNG on stdout,
or exits with NOTHING_TO_DRAW when no formula in them can be drawn. matplotlib's mathtext draws
the TeX subset it knows with its own fonts (no TeX installation); it is only ever imported here, in a
process that lives for one picture under CPU and memory limits, so the bot's memory never holds it.

One picture per message, with the whole text and the formulas inline, rather than one per formula:
a formula is read in its sentence, and a card with ten formulas still makes one attachment. A formula
mathtext can't parse is drawn as its source text, the other formulas still drawn.
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass

from bot.core.math_spans import Segment, split_math

NOTHING_TO_DRAW = 3
MAX_INPUT_CHARS = 12_000  # a card's texts together (each at most 4,096 as Discord shows them)
MAX_TEXTS = 4
WRAP_CHARS = 64  # a line of the picture, about what an embed shows on a phone
MAX_LINES = 60
MAX_WIDTH_PX, MAX_HEIGHT_PX = 1600, 4000  # beyond, the picture is scaled down to fit
FONT_SIZE = 15
DPI = 100
PAD_PX, LINE_GAP_PX, PARAGRAPH_GAP_PX = 12, 6, 16
CPU_SECONDS = 10
MEMORY_BYTES = 1024 * 1024 * 1024  # address space: matplotlib with numpy needs far less to draw text


@dataclass(frozen=True, slots=True)
class Line:
    parts: tuple[Segment, ...]  # words and formulas, in order
    spaced: tuple[bool, ...]  # per part: whether a space comes before it
    paragraph_start: bool = False

    @property
    def has_math(self) -> bool:
        return any(part.math for part in self.parts)


def layout(texts: list[str]) -> list[Line]:
    """The picture's lines: each text a paragraph, its own line breaks kept, long lines wrapped between
    words (never inside a formula), a display formula on a line of its own."""
    lines: list[Line] = []
    for text in texts[:MAX_TEXTS]:
        first = True
        for row in _rows(split_math(text)):
            for wrapped in _wrap(row):
                lines.append(Line(tuple(part for part, _ in wrapped), tuple(space for _, space in wrapped),
                                  paragraph_start=first and bool(lines)))
                first = False
    return lines[:MAX_LINES]


def _rows(segments: list[Segment]) -> list[list[Segment]]:
    rows: list[list[Segment]] = [[]]
    for segment in segments:
        if segment.math and segment.display:
            rows.extend([[segment], []])
        elif segment.math:
            rows[-1].append(segment)
        else:
            pieces = segment.text.split("\n")
            rows[-1].append(Segment(pieces[0]))
            rows.extend([Segment(piece)] for piece in pieces[1:])
    return [row for row in ([part for part in row if part.math or part.text] for row in rows) if row]


def _wrap(row: list[Segment]) -> list[list[tuple[Segment, bool]]]:
    tokens: list[tuple[Segment, bool]] = []  # each word or formula, and whether a space came before it
    space = False
    for part in row:
        if part.math:
            tokens.append((part, space))
            space = False
            continue
        words = part.text.replace("\t", " ").split(" ")
        for number, word in enumerate(words):
            space = space or number > 0
            if word:
                tokens.append((Segment(word), space))
                space = False
    lines: list[list[tuple[Segment, bool]]] = [[]]
    width = 0
    for token, spaced in tokens:
        size = len(token.text) // 2 + 1 if token.math else len(token.text)
        if lines[-1] and width + 1 + size > WRAP_CHARS:
            lines.append([])
            width = 0
        lines[-1].append((token, spaced and bool(lines[-1])))
        width += size + (1 if spaced else 0)
    return [line for line in lines if line]


def mathtext_source(line: Line, drawable: dict[str, bool]) -> str:
    """The line as matplotlib reads it: text with `$` escaped, formulas between `$`; a formula it
    can't parse (`drawable`) written out as its source."""
    words = []
    for part, spaced in zip(line.parts, line.spaced, strict=True):
        if spaced:
            words.append(" ")
        if part.math and drawable.get(part.text, False):
            words.append(f"${part.text}$")
        elif part.math:
            words.append(_escape(f"\\({part.text}\\)" if not part.display else f"\\[{part.text}\\]"))
        else:
            words.append(_escape(part.text))
    return "".join(words)


def _escape(text: str) -> str:
    return text.replace("$", "\\$")


def draw(texts: list[str]) -> bytes | None:
    """The PNG of the texts, or None when none of their formulas can be drawn."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.mathtext import MathTextParser
    from matplotlib.transforms import IdentityTransform

    lines = layout(texts)
    parser = MathTextParser("path")
    drawable: dict[str, bool] = {}
    for line in lines:
        for part in line.parts:
            if part.math and part.text not in drawable:
                try:
                    parser.parse(f"${part.text}$", dpi=DPI)
                    drawable[part.text] = True
                except Exception:  # mathtext raises ValueError, and the odd other error on odd input
                    drawable[part.text] = False
    if not any(drawable.values()):
        return None
    figure = Figure(dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    renderer = canvas.get_renderer()
    artists = []
    for line in lines:
        artist = figure.text(0, 0, mathtext_source(line, drawable), fontsize=FONT_SIZE, color="black",
                             va="bottom", ha="left", transform=IdentityTransform())
        try:
            box = artist.get_window_extent(renderer)
        except Exception:  # the formulas parse alone but not in this line: the line as plain text
            artist.set_text(mathtext_source(line, {}))
            box = artist.get_window_extent(renderer)
        artists.append((artist, box.width, box.height, line.paragraph_start))
    width = max(w for _, w, _, _ in artists) + 2 * PAD_PX
    height = sum(h + (PARAGRAPH_GAP_PX if first else LINE_GAP_PX) for _, _, h, first in artists) + 2 * PAD_PX
    figure.set_size_inches(width / DPI, height / DPI)
    top = height - PAD_PX
    for artist, _, line_height, first in artists:
        top -= (PARAGRAPH_GAP_PX if first else 0) + line_height
        artist.set_position((PAD_PX, top))
        top -= LINE_GAP_PX
    out = io.BytesIO()
    canvas.print_png(out)
    return _fit(out.getvalue())


def _fit(png: bytes) -> bytes:
    """Scaled down (with Pillow, already a dependency) if it is larger than a chat picture should be."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        if image.width <= MAX_WIDTH_PX and image.height <= MAX_HEIGHT_PX:
            return png
        image.thumbnail((MAX_WIDTH_PX, MAX_HEIGHT_PX))
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()


def _child_main() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    request = json.loads(sys.stdin.buffer.read(MAX_INPUT_CHARS * 4 + 1024).decode("utf-8"))
    texts = [text[:MAX_INPUT_CHARS] for text in request["texts"] if isinstance(text, str)][:MAX_TEXTS]
    png = draw(texts)
    if png is None:
        sys.exit(NOTHING_TO_DRAW)
    sys.stdout.buffer.write(png)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _child_main()
