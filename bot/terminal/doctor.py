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

from bot.core.messages import N_
from bot.i18n.voice import say, say_list, say_marked
from bot.terminal.wording import error_text, fixed, problem_line

DISCORD_API = "https://discord.com/api/v10"
MIN_FREE_BYTES = 100 * 1024 * 1024
ONLINE_TIMEOUT_S = 10.0
SAMPLE_ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata")
TOKEN_PART = re.compile(r"[A-Za-z0-9_-]+")
# Application flags that say which privileged gateway intents the bot may use (Discord's docs,
# "Application flags"). Recall needs none of them; the doctor reports them so surprises are visible.
INTENT_FLAGS = {
    N_("presence"): (1 << 12) | (1 << 13),
    N_("server members"): (1 << 14) | (1 << 15),
    N_("message content"): (1 << 18) | (1 << 19),
}
# The checks' names, English in `Check.name` (what tests and code compare) and translated when shown.
CHECK_NAMES = (N_("settings"), N_("token"), N_("discord login"), N_("intents"), N_("database"), N_("migrations"),
               N_("integrity"), N_("free disk"), N_("decks"), N_("time zones"), N_("shards"))


@dataclass(frozen=True)
class Check:
    """One line of the report: `name` is English (one of `CHECK_NAMES`), `detail` and `fix` are written in
    the terminal's language."""

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
        out.write(f"{'✓' if check.ok else '✗'} {say_marked(check.name)}: {check.detail}\n")
        if not check.ok and check.fix:
            out.write("    " + say("fix: {fix}", fix=check.fix) + "\n")
    failed = sum(not check.ok for check in checks)
    passed = say("{passed}/{total} checks passed", passed=len(checks) - failed, total=len(checks))
    out.write((passed if failed else say("all checks passed")) + "\n")
    return 1 if failed else 0


def diagnose(*, quick: bool, env_file: Path = Path(".env")) -> list[Check]:
    from bot.settings import DEFAULT_DATABASE_URL, Settings, SettingsError, load_settings, setting_values

    fix_env = say("edit .env (every setting is explained in .env.example)")
    try:
        values = setting_values(env_file=env_file)
    except SettingsError as error:  # .env itself is ambiguous or malformed: no value from it can be trusted
        return [Check("settings", False, say("{error} (the other checks need it fixed first)", error=error_text(error)),
                      fix_env)]
    checks: list[Check] = []
    settings: Settings | None = None
    try:
        settings = load_settings(env_file=env_file)
        read = (say("read from the environment and {file}", file=env_file) if env_file.exists()
                else say("read from the environment"))
        checks.append(Check("settings", True, read))
    except SettingsError as error:
        checks.append(Check("settings", False, error_text(error), fix_env))

    def setting(name: str, default: str) -> str:
        return values.get(name) or default

    token = settings.discord_token if settings else setting("DISCORD_TOKEN", "")
    checks.append(_guard("token", lambda: check_token_shape(token)))
    if not quick:
        api_base = settings.api_base if settings else None
        checks.extend(_guard_many(N_("discord login"), lambda: check_login(token, api_base or DISCORD_API)))
    url = settings.database_url if settings else setting("RECALL_DATABASE_URL", DEFAULT_DATABASE_URL)
    checks.extend(_guard_many("database", lambda: check_database(url, quick=quick)))
    if settings is not None and (settings.sharded or on_postgresql(url)):
        from bot.terminal.doctor_postgres import check_shards, recommended_shards

        recommended = None if quick else recommended_shards(token, settings.api_base or DISCORD_API)
        checks.append(_guard(N_("shards"), lambda: check_shards(settings, recommended)))
    content = settings.content_dir if settings else Path(setting("RECALL_CONTENT_DIR", "content"))
    checks.append(_guard("decks", lambda: check_decks(content)))
    checks.append(_guard(N_("time zones"), check_time_zones))
    return checks


def _guard(name: str, run: Callable[[], Check]) -> Check:
    """A check that crashes is a failed check with its reason, never a traceback."""
    try:
        return run()
    except Exception as error:
        return Check(name, False, _crashed(error))


def _guard_many(name: str, run: Callable[[], list[Check]]) -> list[Check]:
    try:
        return run()
    except Exception as error:
        return [Check(name, False, _crashed(error))]


def _crashed(error: Exception) -> str:
    return say("the check itself failed ({kind}: {reason})", kind=error.__class__.__name__, reason=str(error)[:200])


# --- the token -----------------------------------------------------------------------------------
TOKEN_FIX = N_("copy the token again from https://discord.com/developers/applications (your app > Bot > Reset Token)")


def check_token_shape(token: str) -> Check:
    """A bot token is base64(the bot's user id) . timestamp . signature, in the base64url alphabet."""
    if not token:
        return Check("token", False, say("DISCORD_TOKEN is empty"),
                     say("put the bot's token in .env: {fix}", fix=say_marked(TOKEN_FIX)))
    parts = token.split(".")
    if len(parts) != 3 or not all(TOKEN_PART.fullmatch(part) for part in parts):
        return Check("token", False, say("DISCORD_TOKEN is not shaped like a bot token (three parts joined by dots)"),
                     say("{fix} (not the client secret or the public key)", fix=say_marked(TOKEN_FIX)))
    bot_id = _decoded_id(parts[0])
    if bot_id is None or len(parts[1]) < 5 or len(parts[2]) < 20:
        return Check("token", False, say("DISCORD_TOKEN's parts don't decode like a bot token"), say_marked(TOKEN_FIX))
    return Check("token", True, say("shaped like a bot token (bot user {id})", id=str(bot_id)))


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
        fix = (say_marked(TOKEN_FIX) if error.code == 401
               else say("try again later; if it persists, check https://discordstatus.com"))
        return [Check(N_("discord login"), False, say("Discord answered {code} to the token", code=str(error.code)), fix)]
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        reason = getattr(error, "reason", error)
        return [Check(N_("discord login"), False, say("can't reach {api} ({reason})", api=api_base, reason=reason),
                      say("check this machine's internet access, proxy and DNS (or DISCORD_API_BASE)"))]
    name = str(me.get("username", "?"))[:40]
    checks = [Check(N_("discord login"), True, say("logged in as {name} (id {id})", name=name, id=str(me.get("id", "?"))))]
    try:
        flags = int(str(_get_json(f"{api_base}/applications/@me", token).get("flags") or 0))
    except Exception as error:
        return [*checks, Check("intents", False, say("can't read the application ({kind})",
                                                      kind=error.__class__.__name__), say("try again later"))]
    enabled = [say_marked(name) for name, bits in INTENT_FLAGS.items() if flags & bits]
    if enabled:
        detail = say("privileged intents enabled: {intents} (Recall needs none: the default intents are enough)",
                     intents=", ".join(enabled))
    else:
        detail = say("no privileged intents enabled (Recall needs none: the default intents are enough)")
    return [*checks, Check("intents", True, detail)]


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

    if on_postgresql(url):
        from bot.terminal.doctor_postgres import check_postgres

        return check_postgres(url)
    try:
        path = database_path_from_url(url)
        latest = backend_for(url).latest_version
    except DatabaseUrlError as error:
        return [Check("database", False, error_text(error), say("set RECALL_DATABASE_URL=sqlite:////data/recall.db in .env"))]
    checks = [_free_disk(path)]
    if not path.exists():
        folder = _existing_parent(path)
        if os.access(folder, os.W_OK):
            return [Check("database", True, say("{path} does not exist yet; the bot creates it at start", path=path)),
                    *checks]
        return [Check("database", False, say("{path} does not exist and {folder} is not writable", path=path, folder=folder),
                      say("give the bot's user write access to {folder} (or fix RECALL_DATABASE_URL)", folder=folder)),
                *checks]
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as error:
        return [Check("database", False, say("{path} can't be opened ({reason})", path=path, reason=error),
                      say("check the file's permissions and RECALL_DATABASE_URL")), *checks]
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        verdict = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
    except sqlite3.Error as error:
        return [Check("database", False, say("{path} can't be read ({reason})", path=path, reason=error),
                      say_marked(RESTORE_FIX)), *checks]
    finally:
        conn.close()
    checks.insert(0, Check("database", True, say("{path} opens ({size} KiB)", path=path,
                                                  size=fixed(path.stat().st_size / 1024, 0))))
    checks.insert(1, migrations_check(version, latest))
    kind = "quick_check" if quick else "integrity_check"
    problems = [str(row[0]) for row in verdict if row and row[0] != "ok"]
    if problems:
        checks.insert(2, Check("integrity", False, say("{check} found {count} problem(s): {first}", check=kind,
                                                       count=len(problems), first=problems[0][:120]),
                               say_marked(RESTORE_FIX)))
    else:
        checks.insert(2, Check("integrity", True, say("{check} ok", check=kind)))
    return checks


def migrations_check(version: int, latest: int) -> Check:
    if version < latest:
        return Check("migrations", False, say("schema {version}, this version of Recall has {latest}",
                                              version=str(version), latest=str(latest)),
                     say("start the bot: it applies the missing migrations at start"))
    if version > latest:
        return Check("migrations", False, say("schema {version} is newer than this Recall ({latest})",
                                              version=str(version), latest=str(latest)),
                     say("upgrade Recall, or restore a backup made by this version"))
    return Check("migrations", True, say("current (schema {version})", version=str(version)))


def on_postgresql(url: str) -> bool:
    from bot.database_url import DatabaseUrlError, parse_database_url

    try:
        return parse_database_url(url).backend == "postgresql"
    except DatabaseUrlError:
        return False


RESTORE_FIX = N_("stop the bot and restore the newest backup: python -m bot restore /data/backups/<file>")


def _existing_parent(path: Path) -> Path:
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _free_disk(path: Path) -> Check:
    folder = _existing_parent(path)
    free = shutil.disk_usage(folder).free
    detail = say("{free} GiB free on the volume of {folder}", free=fixed(free / 2**30, 1), folder=folder)
    if free < MIN_FREE_BYTES:
        return Check(N_("free disk"), False, detail, say("free some space (old backups in RECALL_BACKUP_DIR, lower "
                                                     "RECALL_BACKUP_KEEP) or grow the volume"))
    return Check(N_("free disk"), True, detail)


# --- decks and time zones ------------------------------------------------------------------------
def check_decks(folder: Path) -> Check:
    from bot.content.loader import load_decks

    fix = say("run `python -m bot content check {folder}` and fix the lines it names", folder=folder)
    if not folder.is_dir():
        return Check("decks", False, say("the deck folder {folder} does not exist", folder=folder),
                     say("set RECALL_CONTENT_DIR to the folder of deck files (Docker mounts ./content at /app/content)"))
    loaded = load_decks([folder])
    errors = loaded.errors
    warnings = len(loaded.problems) - len(errors)
    if errors:
        return Check("decks", False, say("{count} error(s) in {folder}, first: {problem}", count=len(errors),
                                         folder=folder, problem=problem_line(errors[0])[:200]), fix)
    if not loaded.decks:
        return Check("decks", False, say("no deck files (*.yaml) in {folder}", folder=folder),
                     say("add a deck to it (see content/README.md)"))
    cards = sum(len(deck.cards) for deck in loaded.decks.values())
    if warnings:
        return Check("decks", True, say("{decks} deck(s), {cards} cards in {folder}, {warnings} warning(s): "
                                        "`python -m bot content check {folder}` lists them", decks=len(loaded.decks),
                                        cards=cards, folder=folder, warnings=warnings))
    return Check("decks", True, say("{decks} deck(s), {cards} cards in {folder}", decks=len(loaded.decks), cards=cards,
                                    folder=folder))


def check_time_zones() -> Check:
    import importlib.metadata
    import zoneinfo

    fix = say("install the time zone data: `apt-get install tzdata` (system) or `pip install tzdata`")
    try:
        for name in SAMPLE_ZONES:
            zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return Check(N_("time zones"), False, say("{zone} can't be loaded: no time zone data", zone=name), fix)
    sources = [say("system data ({folder})", folder=folder) for folder in zoneinfo.TZPATH
               if Path(folder, "Europe", "London").exists()]
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        sources.append(f"tzdata {importlib.metadata.version('tzdata')}")
    return Check(N_("time zones"), True, say("{zones} load from {sources}", zones=", ".join(SAMPLE_ZONES),
                                         sources=say_list(sources) if sources else "zoneinfo"))
