"""Fail CI when a test was skipped for a reason nobody agreed to, or when no test ran at all.

    python .ci/check_skips.py REPORT.xml [--allow .ci/allowed-skips.txt]

REPORT.xml is pytest's JUnit XML (`pytest --junitxml=REPORT.xml`). Every skipped test (and every
expected failure, which the report lists as skipped too) must have a reason matched by a line of the
allow-list: a Python regular expression, searched anywhere in the reason. Each pattern needs a comment
line right above it saying why that skip is acceptable; a pattern without one is an error, so the list
can't grow silently. A report with no test, or with a failure or an error, fails too.

Standard library only: it runs before anything else is trusted. Exit codes: 0 fine, 1 CI must fail,
2 the report or allow-list can't be read.
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_ALLOW_LIST = Path(__file__).with_name("allowed-skips.txt")


class Unreadable(Exception):
    """The report or the allow-list is missing or malformed."""


@dataclass(frozen=True)
class Allowed:
    pattern: re.Pattern[str]
    why: str
    line: int


@dataclass(frozen=True)
class Skip:
    test: str
    kind: str
    reason: str


@dataclass
class Report:
    tests: int = 0
    broken: int = 0  # failures and errors
    skips: list[Skip] = field(default_factory=list)


def read_allow_list(path: Path) -> list[Allowed]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise Unreadable(f"can't read the allow-list {path}: {error.strerror}") from None
    allowed: list[Allowed] = []
    why: list[str] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            why = []
        elif line.startswith("#"):
            why.append(line.lstrip("#").strip())
        elif not any(why):
            raise Unreadable(f"{path}:{number}: pattern {line!r} has no comment above it saying why it is allowed")
        else:
            try:
                pattern = re.compile(line)
            except re.error as error:
                raise Unreadable(f"{path}:{number}: {line!r} is not a regular expression: {error}") from None
            allowed.append(Allowed(pattern, " ".join(w for w in why if w), number))
    return allowed


def read_report(path: Path) -> Report:
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise Unreadable(f"can't read the JUnit report {path}: {error}") from None
    report = Report()
    for case in root.iter("testcase"):
        report.tests += 1
        test = f"{case.get('classname', '')}::{case.get('name', '')}"
        if case.find("failure") is not None or case.find("error") is not None:
            report.broken += 1
        skipped = case.find("skipped")
        if skipped is not None:
            kind = "xfail" if skipped.get("type") == "pytest.xfail" else "skip"
            reason = skipped.get("message") or (skipped.text or "").strip() or "(no reason given)"
            report.skips.append(Skip(test, kind, reason))
    return report


def matching(skip: Skip, allowed: list[Allowed]) -> Allowed | None:
    return next((entry for entry in allowed if entry.pattern.search(skip.reason)), None)


def check(report: Report, allowed: list[Allowed], out: list[str]) -> bool:
    """Append what was found to `out`; True when CI may pass."""
    skips = report.skips
    ok = True
    out.append(f"{report.tests} test(s) in the report, {len(skips)} skipped, {report.broken} failed or errored")
    if report.tests == 0:
        out.append("FAIL: no test ran (is the test command pointed at the right folder?)")
        ok = False
    if report.broken:
        out.append(f"FAIL: {report.broken} test(s) failed or errored")
        ok = False
    for skip in skips:
        entry = matching(skip, allowed)
        if entry is None:
            out.append(f"FAIL: {skip.kind} not in the allow-list: {skip.test}: {skip.reason}")
            ok = False
        else:
            out.append(f"allowed {skip.kind} (allow-list line {entry.line}: {entry.why}): {skip.test}: {skip.reason}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fail when pytest skipped a test for a reason not allowed.")
    parser.add_argument("report", type=Path, help="pytest's JUnit XML report")
    parser.add_argument("--allow", type=Path, default=DEFAULT_ALLOW_LIST, help="the allow-list of skip reasons")
    args = parser.parse_args(argv)
    try:
        allowed = read_allow_list(args.allow)
        report = read_report(args.report)
    except Unreadable as error:
        print(f"check_skips: {error}", file=sys.stderr)
        return 2
    out: list[str] = []
    ok = check(report, allowed, out)
    print("\n".join(f"check_skips: {line}" for line in out))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
