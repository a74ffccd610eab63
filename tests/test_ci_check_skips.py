"""`.ci/check_skips.py`: CI fails on a skip reason the allow-list doesn't name, on an empty report, and
on an allow-list entry nobody explained; the committed allow-list accepts the known machine-dependent
skips and nothing like "needs libfaketime"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import quoteattr

REPO_ROOT = Path(__file__).resolve().parents[1]
CHECKER = REPO_ROOT / ".ci" / "check_skips.py"
ALLOW_LIST = REPO_ROOT / ".ci" / "allowed-skips.txt"


def junit(tmp_path: Path, *cases: str) -> Path:
    """A JUnit report shaped like pytest's, with the given <testcase> bodies ("" = passed)."""
    body = "".join(f'<testcase classname="tests.t" name="test_{i}" time="0.1">{c}</testcase>'
                   for i, c in enumerate(cases))
    path = tmp_path / "report.xml"
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests">'
                    f'<testsuite name="pytest" tests="{len(cases)}">{body}</testsuite></testsuites>')
    return path


def skipped(reason: str, kind: str = "pytest.skip") -> str:
    return f'<skipped type="{kind}" message={quoteattr(reason)}>tests/t.py:1: {reason}</skipped>'


def run(report: Path, allow: Path = ALLOW_LIST) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(CHECKER), str(report), "--allow", str(allow)],
                          capture_output=True, text=True, timeout=60)


def test_allowed_skips_pass_and_are_listed_with_why(tmp_path: Path) -> None:
    report = junit(tmp_path, "", "", skipped("pip can't reach PyPI to download red-discordbot 3.5.14: timed out"),
                   skipped("running as root without chattr (install e2fsprogs): can't make a file read-only"),
                   skipped("this filesystem has no immutable flag: b'Operation not supported'"))
    done = run(report)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 test(s) in the report, 3 skipped, 0 failed" in done.stdout
    assert done.stdout.count("allowed skip (allow-list line") == 3
    assert "network to PyPI" in done.stdout  # the comment above the pattern is shown as the why


def test_an_unlisted_skip_fails_and_is_named(tmp_path: Path) -> None:
    report = junit(tmp_path, "", skipped("needs libfaketime (Debian's faketime package)"),
                   skipped("pip can't reach PyPI to download red-discordbot 3.5.14: offline"))
    done = run(report)
    assert done.returncode == 1
    assert "FAIL: skip not in the allow-list: tests.t::test_1: needs libfaketime" in done.stdout


def test_an_expected_failure_needs_the_allow_list_too(tmp_path: Path) -> None:
    done = run(junit(tmp_path, "", skipped("flaky on Tuesdays", kind="pytest.xfail")))
    assert done.returncode == 1 and "FAIL: xfail not in the allow-list" in done.stdout


def test_a_report_without_tests_fails(tmp_path: Path) -> None:
    done = run(junit(tmp_path))
    assert done.returncode == 1 and "no test ran" in done.stdout


def test_a_failure_in_the_report_fails(tmp_path: Path) -> None:
    done = run(junit(tmp_path, "", '<failure message="assert 0">boom</failure>'))
    assert done.returncode == 1 and "1 test(s) failed or errored" in done.stdout


def test_a_pattern_without_a_reason_is_refused(tmp_path: Path) -> None:
    allow = tmp_path / "allow.txt"
    allow.write_text("# network\n^pip can't reach PyPI\n\nneeds libfaketime\n")
    done = run(junit(tmp_path, ""), allow)
    assert done.returncode == 2
    assert "allow.txt:4: pattern 'needs libfaketime' has no comment above it" in done.stderr


def test_an_unreadable_report_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "half.xml").write_text("<testsuites><testsuite>")
    done = run(tmp_path / "half.xml")
    assert done.returncode == 2 and "can't read the JUnit report" in done.stderr
    assert run(tmp_path / "missing.xml").returncode == 2
