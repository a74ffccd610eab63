"""`python -m bot doctor [--quick]`: is this installation ready to run? One line per check, a fix per ✗.

Every check only reads: it works while the bot runs on the same database (Docker's healthcheck runs
`doctor --quick` every 30 s beside the bot). `--quick` needs no network and stays fast: it skips the
login to Discord and runs SQLite's `quick_check` instead of the full `integrity_check`.
Exit code 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

DISCORD_API = "https://discord.com/api/v10"
MIN_FREE_BYTES = 100 * 1024 * 1024
ONLINE_TIMEOUT_S = 10.0
SAMPLE_ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata")
TOKEN_PART = re.compile(r"[A-Za-z0-9_-]+")
# Application flags that say which privileged gateway intents the bot may use (Discord's docs,
# "Application flags"). Recall needs none of them; the doctor reports them so surprises are visible.
INTENT_FLAGS = {
    "presence": (1 << 12) | (1 << 13),
    "server members": (1 << 14) | (1 << 15),
    "message content": (1 << 18) | (1 << 19),
}


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="check settings, token, database, decks and time zones",
        description="Check that Recall can run here: one line per check, with a fix for each ✗.",
    )
    parser.add_argument("--quick", action="store_true",
                        help="no network and no full integrity check (the Docker healthcheck)")
    parser.set_defaults(handler=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    checks = diagnose(quick=args.quick)
    return report(checks, sys.stdout)


def report(checks: list[Check], out: TextIO) -> int:
    for check in checks:
        out.write(f"{'✓' if check.ok else '✗'} {check.name}: {check.detail}\n")
        if not check.ok and check.fix:
            out.write(f"    fix: {check.fix}\n")
    failed = sum(not check.ok for check in checks)
    out.write(f"{len(checks) - failed}/{len(checks)} checks passed\n" if failed else "all checks passed\n")
    return 1 if failed else 0


def diagnose(*, quick: bool, env_file: Path = Path(".env")) -> list[Check]:
    from bot.settings import DEFAULT_DATABASE_URL, Settings, SettingsError, load_settings, setting_values

    fix_env = "edit .env (every setting is explained in .env.example)"
    try:
        values = setting_values(env_file=env_file)
    except SettingsError as error:  # .env itself is ambiguous or malformed: no value from it can be trusted
        return [Check("settings", False, f"{error} (the other checks need it fixed first)", fix_env)]
    checks: list[Check] = []
    settings: Settings | None = None
    try:
        settings = load_settings(env_file=env_file)
        checks.append(Check("settings", True, "read from the environment" + (f" and {env_file}" if env_file.exists() else "")))
    except SettingsError as error:
        checks.append(Check("settings", False, str(error), fix_env))

    def setting(name: str, default: str) -> str:
        return values.get(name) or default

    token = settings.discord_token if settings else setting("DISCORD_TOKEN", "")
    checks.append(_guard("token", lambda: check_token_shape(token)))
    if not quick:
        api_base = settings.api_base if settings else None
        checks.extend(_guard_many("discord login", lambda: check_login(token, api_base or DISCORD_API)))
    url = settings.database_url if settings else setting("RECALL_DATABASE_URL", DEFAULT_DATABASE_URL)
    checks.extend(_guard_many("database", lambda: check_database(url, quick=quick)))
    content = settings.content_dir if settings else Path(setting("RECALL_CONTENT_DIR", "content"))
    checks.append(_guard("decks", lambda: check_decks(content)))
    checks.append(_guard("time zones", check_time_zones))
    return checks


def _guard(name: str, run: Callable[[], Check]) -> Check:
    """A check that crashes is a failed check with its reason, never a traceback."""
    try:
        return run()
    except Exception as error:
        return Check(name, False, f"the check itself failed ({error.__class__.__name__}: {str(error)[:200]})")


def _guard_many(name: str, run: Callable[[], list[Check]]) -> list[Check]:
    try:
        return run()
    except Exception as error:
        return [Check(name, False, f"the check itself failed ({error.__class__.__name__}: {str(error)[:200]})")]


# --- the token -----------------------------------------------------------------------------------
TOKEN_FIX = "copy the token again from https://discord.com/developers/applications (your app > Bot > Reset Token)"


def check_token_shape(token: str) -> Check:
    """A bot token is base64(the bot's user id) . timestamp . signature, in the base64url alphabet."""
    if not token:
        return Check("token", False, "DISCORD_TOKEN is empty", f"put the bot's token in .env: {TOKEN_FIX}")
    parts = token.split(".")
    if len(parts) != 3 or not all(TOKEN_PART.fullmatch(part) for part in parts):
        return Check("token", False, "DISCORD_TOKEN is not shaped like a bot token (three parts joined by dots)",
                     TOKEN_FIX + " (not the client secret or the public key)")
    bot_id = _decoded_id(parts[0])
    if bot_id is None or len(parts[1]) < 5 or len(parts[2]) < 20:
        return Check("token", False, "DISCORD_TOKEN's parts don't decode like a bot token", TOKEN_FIX)
    return Check("token", True, f"shaped like a bot token (bot user {bot_id})")


def _decoded_id(part: str) -> int | None:
    try:
        text = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() and 0 < int(text) < 2**64 else None


def check_login(token: str, api_base: str) -> list[Check]:
    """GET /users/@me proves the token logs in; /applications/@me tells the privileged intents."""
    import urllib.error

    try:
        me = _get_json(f"{api_base}/users/@me", token)
    except urllib.error.HTTPError as error:
        fix = TOKEN_FIX if error.code == 401 else "try again later; if it persists, check https://discordstatus.com"
        return [Check("discord login", False, f"Discord answered {error.code} to the token", fix)]
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        reason = getattr(error, "reason", error)
        return [Check("discord login", False, f"can't reach {api_base} ({reason})",
                      "check this machine's internet access, proxy and DNS (or DISCORD_API_BASE)")]
    name = str(me.get("username", "?"))[:40]
    checks = [Check("discord login", True, f"logged in as {name} (id {me.get('id', '?')})")]
    try:
        flags = int(str(_get_json(f"{api_base}/applications/@me", token).get("flags") or 0))
    except Exception as error:
        return [*checks, Check("intents", False, f"can't read the application ({error.__class__.__name__})",
                               "try again later")]
    enabled = [name for name, bits in INTENT_FLAGS.items() if flags & bits]
    detail = ("privileged intents enabled: " + ", ".join(enabled)) if enabled else "no privileged intents enabled"
    return [*checks, Check("intents", True, detail + " (Recall needs none: the default intents are enough)")]


def _get_json(url: str, token: str) -> dict[str, object]:
    import urllib.request

    request = urllib.request.Request(url, headers={"Authorization": f"Bot {token}", "User-Agent": "Recall-doctor"})
    with urllib.request.urlopen(request, timeout=ONLINE_TIMEOUT_S) as response:
        data = json.loads(response.read().decode("utf-8"))
    return data if isinstance(data, dict) else {}


# --- the database --------------------------------------------------------------------------------
def check_database(url: str, *, quick: bool) -> list[Check]:
    from bot.app.wiring import backend_for
    from bot.database_url import DatabaseUrlError, database_path_from_url

    try:
        path = database_path_from_url(url)
        latest = backend_for(url).latest_version
    except DatabaseUrlError as error:
        return [Check("database", False, str(error), "set RECALL_DATABASE_URL=sqlite:////data/recall.db in .env")]
    checks = [_free_disk(path)]
    if not path.exists():
        folder = _existing_parent(path)
        if os.access(folder, os.W_OK):
            return [Check("database", True, f"{path} does not exist yet; the bot creates it at start"), *checks]
        return [Check("database", False, f"{path} does not exist and {folder} is not writable",
                      f"give the bot's user write access to {folder} (or fix RECALL_DATABASE_URL)"), *checks]
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as error:
        return [Check("database", False, f"{path} can't be opened ({error})",
                      "check the file's permissions and RECALL_DATABASE_URL"), *checks]
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        verdict = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
    except sqlite3.Error as error:
        return [Check("database", False, f"{path} can't be read ({error})", RESTORE_FIX), *checks]
    finally:
        conn.close()
    checks.insert(0, Check("database", True, f"{path} opens ({path.stat().st_size / 1024:.0f} KiB)"))
    if version < latest:
        checks.insert(1, Check("migrations", False, f"schema {version}, this version of Recall has {latest}",
                               "start the bot: it applies the missing migrations at start"))
    elif version > latest:
        checks.insert(1, Check("migrations", False, f"schema {version} is newer than this Recall ({latest})",
                               "upgrade Recall, or restore a backup made by this version"))
    else:
        checks.insert(1, Check("migrations", True, f"current (schema {version})"))
    kind = "quick_check" if quick else "integrity_check"
    problems = [str(row[0]) for row in verdict if row and row[0] != "ok"]
    if problems:
        checks.insert(2, Check("integrity", False, f"{kind} found {len(problems)} problem(s): {problems[0][:120]}",
                               RESTORE_FIX))
    else:
        checks.insert(2, Check("integrity", True, f"{kind} ok"))
    return checks


RESTORE_FIX = "stop the bot and restore the newest backup: python -m bot restore /data/backups/<file>"


def _existing_parent(path: Path) -> Path:
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _free_disk(path: Path) -> Check:
    folder = _existing_parent(path)
    free = shutil.disk_usage(folder).free
    detail = f"{free / 2**30:.1f} GiB free on the volume of {folder}"
    if free < MIN_FREE_BYTES:
        return Check("free disk", False, detail,
                     "free some space (old backups in RECALL_BACKUP_DIR, lower RECALL_BACKUP_KEEP) or grow the volume")
    return Check("free disk", True, detail)


# --- decks and time zones ------------------------------------------------------------------------
def check_decks(folder: Path) -> Check:
    from bot.content.loader import load_decks

    fix = f"run `python -m bot content check {folder}` and fix the lines it names"
    if not folder.is_dir():
        return Check("decks", False, f"the deck folder {folder} does not exist",
                     "set RECALL_CONTENT_DIR to the folder of deck files (Docker mounts ./content at /app/content)")
    loaded = load_decks([folder])
    errors = loaded.errors
    warnings = len(loaded.problems) - len(errors)
    if errors:
        return Check("decks", False, f"{len(errors)} error(s) in {folder}, first: {str(errors[0])[:200]}", fix)
    if not loaded.decks:
        return Check("decks", False, f"no deck files (*.yaml) in {folder}", "add a deck to it (see content/README.md)")
    cards = sum(len(deck.cards) for deck in loaded.decks.values())
    note = f", {warnings} warning(s): `python -m bot content check {folder}` lists them" if warnings else ""
    return Check("decks", True, f"{len(loaded.decks)} deck(s), {cards} cards in {folder}{note}")


def check_time_zones() -> Check:
    import importlib.metadata
    import zoneinfo

    fix = "install the time zone data: `apt-get install tzdata` (system) or `pip install tzdata`"
    try:
        for name in SAMPLE_ZONES:
            zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return Check("time zones", False, f"{name} can't be loaded: no time zone data", fix)
    sources = [f"system data ({folder})" for folder in zoneinfo.TZPATH if Path(folder, "Europe", "London").exists()]
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        sources.append(f"tzdata {importlib.metadata.version('tzdata')}")
    return Check("time zones", True, f"{', '.join(SAMPLE_ZONES)} load from {' and '.join(sources) or 'zoneinfo'}")
