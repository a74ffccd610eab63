"""doctor's checks of a PostgreSQL deployment: the server answers in time and holds this Recall's schema, and
the shard settings say which servers this process serves. (bot/terminal/doctor.py runs them.)"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.core.messages import N_
from bot.i18n.voice import say
from bot.terminal.doctor import Check, migrations_check
from bot.terminal.wording import fixed

if TYPE_CHECKING:
    from bot.settings import Settings

POSTGRES_TIMEOUT_S = 5.0  # the whole probe (connect and two reads); Docker's healthcheck allows 20 s


def check_postgres(url: str, timeout_s: float = POSTGRES_TIMEOUT_S) -> list[Check]:
    """The server answers within `timeout_s`, and holds this Recall's schema. Free disk and integrity are
    the server's business (its own monitoring), so they are not checked here."""
    import asyncio

    from bot.app.wiring import postgres_probe
    from bot.database_url import parse_database_url, without_password

    shown = without_password(url)
    try:
        found = asyncio.run(postgres_probe().probe(parse_database_url(url).dsn, timeout_s))
    except Exception as error:  # refused, timed out, bad password, no such database: all "can't use it"
        reason = f"{error.__class__.__name__}: {error}" if str(error) else error.__class__.__name__
        password = urlsplit(parse_database_url(url).dsn or "").password
        return [Check("database", False, say("can't connect to {url} within {seconds} s: {reason}", url=shown,
                                             seconds=fixed(timeout_s, 0),
                                             reason=reason.replace(password, "***") if password else reason),
                      say("check that the PostgreSQL server runs and that RECALL_DATABASE_URL names its host, port, "
                          "user, password and database"))]
    checks = [Check("database", True, say("{url} answers (PostgreSQL {version})", url=shown,
                                          version=found.server_version))]
    return [*checks, migrations_check(found.schema_version, found.latest)]


def recommended_shards(token: str, api_base: str) -> int | None:
    """Discord's recommended shard count for this bot (GET /gateway/bot); None when it can't be read (the
    login check says why)."""
    from bot.terminal.doctor import _get_json

    try:
        shards = _get_json(f"{api_base}/gateway/bot", token).get("shards")
    except Exception:
        return None
    return shards if isinstance(shards, int) and shards >= 1 else None


def check_shards(settings: Settings, recommended: int | None = None) -> Check:
    """What RECALL_SHARD_COUNT / RECALL_SHARD_IDS make this process serve (bot.settings validated them), and,
    when Discord's recommendation is known (`recommended`, not with --quick), whether the count reaches it."""
    from bot.core.shards import format_shard_ids

    if settings.shard_count_auto:
        return Check(N_("shards"), True, say("RECALL_SHARD_COUNT=auto: every shard in this process, as many as "
                                             "Discord recommends"))
    count = settings.shards.count if settings.shards is not None else 1
    if recommended is not None and count < recommended:
        return Check(N_("shards"), False, say("{count} shard(s), fewer than the {recommended} Discord recommends for "
                                              "this bot", count=count, recommended=recommended),
                     say("set RECALL_SHARD_COUNT={recommended} (or auto with every shard in one process) and give "
                         "each process its RECALL_SHARD_IDS", recommended=str(recommended)))
    if settings.shards is None:
        return Check(N_("shards"), True, say("not sharded: this process serves every server (RECALL_SHARD_COUNT "
                                             "splits them across processes)"))
    if settings.shards.is_all:
        return Check(N_("shards"), True, say("all {count} shards in this process", count=settings.shards.count))
    return Check(N_("shards"), True, say("shards {ids} of {count} in this process: start the other shards in other "
                                         "processes on the same database", ids=format_shard_ids(settings.shards.ids),
                                         count=settings.shards.count))
