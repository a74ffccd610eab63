"""`python -m benchmarks.anki_import [--quick] [--format anki21b|anki21|anki2]`: importing a real-sized Anki package.

Builds a package of 5,000 Basic notes (HTML fields, tags), 500 of them with a small PNG picture each (about 5 KB)
(quick: 500 notes, 50 pictures), in the newest format by default (zstd collection and media, protobuf
media map), then runs `python -m bot content import PACKAGE --to content/anki.yaml` as a child process:
wall seconds of that whole command (interpreter start included) and its peak memory (ru_maxrss of the
child, from getrusage(RUSAGE_CHILDREN): the resident set's high-water mark, not tracemalloc). Checks
the result: 5 decks of 1,000 cards (quick: 1 deck), 500 media files, and `content check` accepts them.
The issue's target: under a minute on these machines. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from tests.content.apkg_builder import BASIC, NoteSpec, build_package

ROOT = Path(__file__).resolve().parents[1]


def small_png(number: int) -> bytes:
    """A distinct 40x40 picture of noise, about 5 KB like a small diagram (noise doesn't compress, so the
    zip holds real bytes; distinct, as content-addressed names would merge identical ones)."""
    noise = random.Random(number).randbytes(40 * 40 * 3)
    image = Image.frombytes("RGB", (40, 40), noise)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def build(folder: Path, notes: int, pictures: int, fmt: str) -> tuple[Path, int]:
    media = {f"figure-{n}.png": small_png(n) for n in range(pictures)}
    specs = []
    for n in range(notes):
        picture = f'<br><img src="figure-{n}.png">' if n < pictures else ""
        front = f"What is the <b>term</b> number {n} of chapter {n // 100}?"
        back = f"It is <i>answer {n}</i>: a definition long enough to look like a real card's back side.{picture}"
        specs.append(NoteSpec(BASIC, [front, back], [f"chapter-{n // 100}", "benchmark"]))
    package = build_package(folder / f"deck-{notes}.apkg", specs, media, fmt=fmt, deck_name="Benchmark deck")
    return package, package.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.anki_import")
    parser.add_argument("--quick", action="store_true", help="500 notes and 50 pictures (the CI smoke run)")
    parser.add_argument("--format", default="anki21b", choices=("anki21b", "anki21", "anki2"))
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON (for python -m benchmarks)")
    args = parser.parse_args()
    notes, pictures = (500, 50) if args.quick else (5000, 500)
    with tempfile.TemporaryDirectory(prefix="recall-anki-bench-") as name:
        folder = Path(name)
        began = time.perf_counter()
        package, packed = build(folder, notes, pictures, args.format)
        built_s = time.perf_counter() - began
        content = folder / "content"
        content.mkdir()
        command = [sys.executable, "-m", "bot", "content", "import", str(package), "--to", str(content / "anki.yaml")]
        began = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - began
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kilobytes on Linux
        if result.returncode != 0:
            print(result.stdout, result.stderr, sep="\n")
            return 1
        decks = sorted(path.name for path in content.glob("*.yaml"))
        media = len(list((content / "anki.media").iterdir())) if (content / "anki.media").is_dir() else 0
        check = subprocess.run([sys.executable, "-m", "bot", "content", "check", str(content)], cwd=ROOT,
                               capture_output=True, text=True, check=False)
    print(f"package: {notes:,} notes, {pictures} pictures, {args.format}, {packed / 1024:.0f} KiB (built in {built_s:.1f} s)")
    print(f"import: {seconds:.1f} s wall, peak RSS {peak_mib:.0f} MiB (child process ru_maxrss)")
    print(f"result: {len(decks)} deck file(s) {', '.join(decks)}; {media} media files; content check exit {check.returncode}")
    if args.json_out:
        size = f"{notes:,} notes, {pictures} pictures ({args.format}, {packed / 1024:.0f} KiB)"
        figures = [
            {"figure": f"anki import: {size}", "value": f"{seconds:.1f} s, peak RSS {peak_mib:.0f} MiB",
             "note": "whole `content import` child process; target < 60 s for 5,000 notes"},
            {"figure": "anki import: output", "value": f"{len(decks)} decks, {media} media files, "
             f"content check {'ok' if check.returncode == 0 else 'FAILED'}", "note": "expects 5 decks for 5,000 notes"},
        ]
        args.json_out.write_text(json.dumps(figures, indent=2))
    return 0 if check.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
