"""`python -m bot export --report --guild ID --deck D [--period P] [--out FILE]`: `/deck report` as CSV.

The same figures as `/deck report` (`DeckReportService.deck_report`), one row per card of the deck as
that server sees it (its upload, else a built-in deck of `RECALL_CONTENT_DIR` it didn't hide), columns
card_id, kind, answered, correct, accuracy, members, most_missed_concept. The CSV goes to stdout, or to
`--out` (written beside, then renamed); one summary line goes to stderr. Read-only, safe while the bot
runs. "Now" is the bot's clock, so `RECALL_TEST_MODE=1` with `RECALL_TEST_NOW` pins it as in the bot.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.core.messages import N_
from bot.i18n.voice import say


async def export_report(args: argparse.Namespace, url: str, content_dir: Path) -> int:
    from bot.app.clock import start_clock, utcnow
    from bot.app.wiring import open_services
    from bot.content.loader import load_decks
    from bot.database_url import database_path_from_url
    from bot.services.deck_report import report_csv
    from bot.services.errors import RecallError

    start_clock(os.environ)
    path = database_path_from_url(url)
    if not path.exists():
        raise RecallError(N_("there is no database at {path} (check --database or RECALL_DATABASE_URL)"), path=path)
    decks = load_decks([content_dir]).decks if content_dir.is_dir() else {}
    services = await open_services(url, decks)
    try:
        report = await services.deck_reports.deck_report(args.guild, args.deck, args.period, now=utcnow())
    finally:
        await services.close()
    text = report_csv(report)
    summary = {"cards": len(report.cards), "deck": report.deck.deck_id, "server": str(args.guild),
               "period": report.period,  # the word given to --period
               "answers": report.answered, "members": report.members}
    if args.out is None or str(args.out) == "-":
        sys.stdout.write(text)
        print(say("✓ reported {cards} card(s) of {deck} in server {server}, {period}: {answers} answer(s) by {members} "
                  "member(s)", **summary), file=sys.stderr)
        return 0
    temporary = args.out.with_name(f".{args.out.name}.partial")
    temporary.write_text(text, encoding="utf-8", newline="")
    temporary.replace(args.out)
    print(say("✓ reported {cards} card(s) of {deck} in server {server}, {period}: {answers} answer(s) by {members} "
              "member(s) to {out}", out=args.out, **summary), file=sys.stderr)
    return 0
