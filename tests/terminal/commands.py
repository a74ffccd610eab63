"""Running `python -m bot <command>` in a folder of its own: as a real process, or in this one (faster)."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DUMMY_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_environment(env: dict[str, str]) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("RECALL_", "DISCORD_"))}
    clean.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    clean.update(env)
    return clean


def run_process(cwd: Path, *args: str, env: dict[str, str] | None = None, stdin: str = "") -> Result:
    done = subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=clean_environment(env or {}),
                          input=stdin, capture_output=True, text=True, timeout=90)
    return Result(done.returncode, done.stdout, done.stderr)


def run_here(monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str, env: dict[str, str] | None = None,
             stdin: str = "") -> Result:
    """`bot.cli.main` in this process, from `cwd`, with only `env` among the RECALL_/DISCORD_ variables."""
    from bot.cli import main

    for name in list(os.environ):
        if name.startswith(("RECALL_", "DISCORD_")):
            monkeypatch.delenv(name)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Result(code, out.getvalue(), err.getvalue())
