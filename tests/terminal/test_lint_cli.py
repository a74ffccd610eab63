"""`python -m bot content lint` as an author runs it: real processes for the shipped decks and a deck
with warnings, file:line on every line, exit 0 with warnings alone and 2 with errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal.commands import ROOT, run_here, run_process

WARNED = """\
id: warned
title: Warned
cards:
  - id: q
    kind: open
    level: beginner
    prompt: Explain quantization.
    concepts:
      - name: Faster inference
        keywords: [speed, lower latency, quicker inference]
      - name: Smaller
        keywords: [less memory, fewer bits]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_decks_are_lint_clean() -> None:
    done = run_process(ROOT, "content", "lint", "content/")
    assert done.returncode == 0, done.output
    assert done.stdout == ""
    shipped = len(list((ROOT / "content").glob("*.yaml")))  # (the sample decks in other languages too)
    assert f"{shipped} deck(s) linted, 0 error(s), 0 warning(s)" in done.stderr


def test_warnings_name_file_line_field_and_rule_and_exit_zero(tmp_path: Path) -> None:
    deck = write(tmp_path, "warned.yaml", WARNED)
    done = run_process(tmp_path, "content", "lint", str(deck))
    assert done.returncode == 0, done.output
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{deck}:10 cards[0].concepts[0].keywords[0]: 'speed' is a single common word")
    assert lines[0].endswith("[common-word] (warning)")
    assert lines[1].startswith(f"{deck}:12 cards[0].concepts[1].keywords: concept 'Smaller' has 2 keywords")
    assert "1 deck(s) linted, 0 error(s), 2 warning(s)" in done.stderr


def test_allowances_silence_with_a_reason_and_stale_ones_are_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = WARNED.replace(
        "keywords: [speed, lower latency, quicker inference]",
        "keywords: [speed, lower latency, quicker inference]  # lint-allow common-word(speed): the card is about speed",
    ).replace("      - name: Smaller\n", "      - name: Smaller\n        # lint-allow shared-keyword: nothing is shared here\n")
    write(tmp_path, "warned.yaml", text)
    done = run_here(monkeypatch, tmp_path, "content", "lint", "warned.yaml")
    assert done.returncode == 0
    assert [line.split(" ", 1)[0].rstrip(":") for line in done.stdout.splitlines()] == ["warned.yaml:12", "warned.yaml:13"]
    assert "this allowance of shared-keyword silences no warning" in done.stdout
    assert "has 2 keywords" in done.stdout and "'speed'" not in done.stdout
    assert "1 allowed by the deck's own reasons" in done.stderr


def test_deck_errors_exit_two_with_file_and_line_and_other_decks_are_still_linted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    write(tmp_path, "a-warned.yaml", WARNED)
    broken = WARNED.replace("id: warned", "id: broken").replace("        keywords: [less memory, fewer bits]\n", "")
    write(tmp_path, "b-broken.yaml", broken)
    done = run_here(monkeypatch, tmp_path, "content", "lint", ".")
    assert done.returncode == 2
    assert "b-broken.yaml:11 cards[0].concepts[1].keywords:" in done.stdout
    assert "a-warned.yaml:10 " in done.stdout  # the loadable deck still gets its warnings
    assert "1 deck(s) linted, 1 error(s), 2 warning(s)" in done.stderr


def test_a_missing_path_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    done = run_here(monkeypatch, tmp_path, "content", "lint", "nowhere.yaml")
    assert done.returncode == 2
    assert done.stdout.strip() == "nowhere.yaml: no such file or folder"
