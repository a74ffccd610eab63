"""The math picture's layout (pure) and the child that draws it (matplotlib, in its own process)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from bot.ops.math_image import MAX_LINES, NOTHING_TO_DRAW, WRAP_CHARS, Line, layout, mathtext_source

ROOT = Path(__file__).resolve().parents[2]


def source(line: Line, bad: tuple[str, ...] = ()) -> str:
    return mathtext_source(line, {part.text: part.text not in bad for part in line.parts if part.math})


def test_each_text_a_paragraph_its_lines_kept_and_formulas_inline() -> None:
    lines = layout(["Energy \\(E=mc^2\\), costs \\$5.\nNext $x^2$", "$$\\int_0^1 x\\,dx$$ done"])
    assert [source(line) for line in lines] == [
        "Energy $E=mc^2$, costs \\$5.", "Next $x^2$", "$\\int_0^1 x\\,dx$", "done",
    ]
    assert [line.paragraph_start for line in lines] == [False, False, True, False]


def test_long_lines_wrap_between_words_never_inside_a_formula() -> None:
    formula = "\\frac{a + b + c + d}{e + f + g + h}"
    lines = layout([("word " * 30) + f"${formula}$ " + ("tail " * 20)])
    assert len(lines) > 2
    assert all(len(source(line)) <= WRAP_CHARS + len(formula) + 2 for line in lines)
    assert sum(source(line).count(f"${formula}$") for line in lines) == 1


def test_a_formula_mathtext_cant_read_is_written_as_its_source() -> None:
    [line] = layout(["ok $x$ and $\\foo{$"])
    assert source(line, bad=("\\foo{",)) == "ok $x$ and \\(\\foo{\\)"


def test_the_picture_has_bounded_lines() -> None:
    assert len(layout(["$x$\n" * 500])) == MAX_LINES


def run_child(texts: list[str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bot.ops.math_image"], input=json.dumps({"texts": texts}).encode(),
                          capture_output=True, cwd=ROOT, timeout=60)


def test_the_child_draws_a_png_of_the_text_and_formulas() -> None:
    from PIL import Image

    done = run_child(["Half of it: $\\frac{a}{b}$", "and \\[\\sum_{i=1}^n i\\]"])
    assert done.returncode == 0, done.stderr.decode()
    with Image.open(io.BytesIO(done.stdout)) as image:
        assert image.format == "PNG"
        assert 50 < image.width < 1600 and 40 < image.height < 600
        darkest, lightest = image.convert("L").getextrema()
        assert darkest < 100 and lightest == 255  # black ink on white


def test_the_child_draws_nothing_when_no_formula_parses() -> None:
    done = run_child(["only $\\frac{a}{$ broken"])
    assert done.returncode == NOTHING_TO_DRAW and done.stdout == b""
