"""A member's own data on each backend (SQLite, PostgreSQL): calendar counts, exports, deletion, leaderboard opt-out."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date, timedelta
from typing import Any

import pytest

from bot.services.api import FlashRating, Learner
from bot.services.bundle import Services
from bot.services.member_data import STREAK_COLUMNS, attempt_columns, to_csv, to_json
from tests.services import stored
from tests.services.conftest import NOW

ALICE = Learner(user_id=11, guild_id=500)
BOB = Learner(user_id=12, guild_id=500)
HOSTILE = "=HYPERLINK(\"x\") @everyone <@12> **bold** " + "ü" * 3000 + " alpha"


async def study(services: Services, rng: random.Random, learner: Learner, days_ago: int, answers: int) -> None:
    when = NOW - timedelta(days=days_ago)
    for number in range(answers):
        await services.recall.answer_choice(learner, "tiny", "c1", number % 2, now=when + timedelta(minutes=number), rng=rng)


def rows_about(url: str, user_id: int) -> dict[str, int]:
    """Rows naming the member in any table with a user_id column (what deletion must empty)."""
    def count(conn: Any) -> dict[str, int]:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
        counts = {}
        for table in tables:
            columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")').fetchall()]
            if "user_id" in columns:
                counts[table] = conn.execute(f'SELECT COUNT(*) FROM "{table}" WHERE user_id = ?', (user_id,)).fetchone()[0]
        return counts
    return stored.with_connection(url, count)


async def test_calendar_counts_answers_per_study_day_with_streaks(services: Services, rng: random.Random) -> None:
    await study(services, rng, ALICE, 2, 3)
    await study(services, rng, ALICE, 1, 1)
    await study(services, rng, ALICE, 0, 2)
    await study(services, rng, ALICE, 100, 4)  # outside the 12 weeks
    await study(services, rng, BOB, 0, 5)
    calendar = await services.recall.study_calendar(ALICE, now=NOW)
    today = calendar.today
    assert today == date(2026, 3, 2)
    assert calendar.attempts_by_day == {today - timedelta(days=2): 3, today - timedelta(days=1): 1, today: 2}
    assert (calendar.current_streak, calendar.longest_streak) == (3, 3)


async def test_calendar_in_a_dm_counts_everywhere_and_takes_the_best_streak(services: Services,
                                                                             rng: random.Random) -> None:
    await study(services, rng, ALICE, 1, 2)
    await study(services, rng, ALICE, 0, 1)
    await study(services, rng, Learner(ALICE.user_id, None), 0, 2)  # answers in a DM
    await study(services, rng, Learner(ALICE.user_id, 501), 0, 1)
    calendar = await services.recall.study_calendar(Learner(ALICE.user_id, None), now=NOW)
    assert calendar.attempts_by_day == {calendar.today - timedelta(days=1): 2, calendar.today: 4}
    assert (calendar.current_streak, calendar.longest_streak) == (2, 2)


async def test_calendar_of_a_newcomer_is_empty(services: Services) -> None:
    calendar = await services.recall.study_calendar(ALICE, now=NOW)
    assert calendar.attempts_by_day == {} and calendar.current_streak == calendar.longest_streak == 0


async def test_server_export_has_attempts_and_streaks_but_no_answer_text(services: Services,
                                                                         rng: random.Random) -> None:
    await study(services, rng, ALICE, 0, 2)
    await services.recall.answer_open(ALICE, "tiny", "o1", HOSTILE, now=NOW, rng=rng)
    await study(services, rng, BOB, 0, 1)
    await study(services, rng, Learner(13, 999), 0, 1)  # another server
    export = await services.recall.export_data(guild_id=500, user_id=None, now=NOW, with_answers=False)
    assert sorted({row["user_id"] for row in export.attempts}) == [11, 12]
    assert all("answer_text" not in row for row in export.attempts)
    assert {row["user_id"] for row in export.streaks} == {11, 12}
    first = export.attempts[0]
    assert first["answered_at"] == "2026-03-02T12:00:00Z" and first["study_day"] == "2026-03-02"
    assert first["correct"] is True and first["kind"] == "choice"
    document = json.loads(to_json(export))
    assert document["answers_included"] is False and len(document["attempts"]) == 4
    assert HOSTILE not in to_json(export)


async def test_member_export_includes_their_answers_and_other_records(services: Services,
                                                                      rng: random.Random) -> None:
    await services.recall.set_member_timezone(ALICE.user_id, "Europe/Paris")
    await services.recall.answer_open(ALICE, "tiny", "o1", HOSTILE, now=NOW, rng=rng)
    await services.recall.rate_flashcard(Learner(ALICE.user_id, None), "tiny", "f1", FlashRating.GOOD, now=NOW, rng=rng)
    await study(services, rng, BOB, 0, 1)
    export = await services.recall.export_data(guild_id=None, user_id=ALICE.user_id, now=NOW, with_answers=True)
    assert {row["user_id"] for row in export.attempts} == {11} and len(export.attempts) == 2
    assert export.attempts[0]["answer_text"] == HOSTILE[:4000]
    assert export.other["members"] == [{"user_id": 11, "timezone": "Europe/Paris", "leaderboard_opt_out": 0,
                                        "locale": None}]
    assert {"srs_cards", "concept_stats", "study_days", "period_scores"} <= set(export.other)
    assert "attempts" not in export.other and "member_streaks" not in export.other
    document = json.loads(to_json(export))
    assert document["attempts"][0]["answer_text"] == HOSTILE[:4000]
    assert "milliseconds" in document["other_records"]["note"]


async def test_a_broken_streak_exports_as_zero(services: Services, rng: random.Random) -> None:
    await study(services, rng, ALICE, 10, 1)
    await study(services, rng, ALICE, 9, 1)
    export = await services.recall.export_data(guild_id=500, user_id=ALICE.user_id, now=NOW, with_answers=False)
    (streak,) = export.streaks
    assert streak["current_streak"] == 0 and streak["longest_streak"] == 2
    assert streak["last_study_day"] == (NOW.date() - timedelta(days=9)).isoformat()


async def test_csv_tables_are_spreadsheet_safe(services: Services, rng: random.Random) -> None:
    await services.recall.answer_open(ALICE, "tiny", "o1", HOSTILE, now=NOW, rng=rng)
    export = await services.recall.export_data(guild_id=500, user_id=ALICE.user_id, now=NOW, with_answers=True)
    text = to_csv(export.attempts, attempt_columns(export))
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["answer_text"] == "'" + HOSTILE[:4000]  # never a formula
    assert row["deck_id"] == "tiny" and row["correct"] == "True"
    streaks = list(csv.DictReader(io.StringIO(to_csv(export.streaks, STREAK_COLUMNS))))
    assert streaks[0]["current_streak"] == "1"


async def test_export_needs_a_scope(services: Services) -> None:
    with pytest.raises(ValueError, match="server, a member"):
        await services.recall.export_data(guild_id=None, user_id=None, now=NOW, with_answers=False)


async def test_delete_removes_everything_about_the_member_and_nothing_else(
    services: Services, rng: random.Random, backend_url: str
) -> None:
    db = backend_url
    await services.recall.set_member_timezone(ALICE.user_id, "Asia/Tokyo")
    await services.recall.set_leaderboard_opt_out(ALICE.user_id, True)
    await study(services, rng, ALICE, 1, 2)
    await study(services, rng, ALICE, 0, 2)
    await services.recall.answer_open(ALICE, "tiny", "o1", "nothing", now=NOW, rng=rng)
    await services.recall.rate_flashcard(Learner(ALICE.user_id, None), "tiny", "f1", FlashRating.AGAIN, now=NOW, rng=rng)
    await services.recall.next_card(ALICE, now=NOW, rng=rng, deck_id="tiny")
    await study(services, rng, BOB, 0, 3)
    bob_before = rows_about(db, BOB.user_id)
    assert sum(rows_about(db, ALICE.user_id).values()) > 10

    deletion = await services.recall.delete_member_data(ALICE.user_id)

    assert deletion.removed["attempts"] == 6 and deletion.removed["members"] == 1
    assert {"member_streaks", "study_days", "period_scores", "srs_cards", "drill_served"} <= set(deletion.removed)
    assert sum(rows_about(db, ALICE.user_id).values()) == 0
    assert rows_about(db, BOB.user_id) == bob_before
    assert (await services.recall.streak(ALICE, now=NOW)).current == 0  # type: ignore[union-attr]
    board = await services.recall.leaderboard(500, now=NOW)
    assert [row.user_id for row in board.rows] == [BOB.user_id]
    assert not await services.recall.leaderboard_opt_out(ALICE.user_id)  # settings went too
    again = await services.recall.delete_member_data(ALICE.user_id)
    assert again.total == 0


async def test_delete_clears_appeal_reviews_and_actor_columns(
    services: Services, rng: random.Random, backend_url: str
) -> None:
    outcome = await services.recall.answer_open(ALICE, "tiny", "o1", "nothing", now=NOW, rng=rng)
    await services.recall.appeal(ALICE, outcome.attempt_id, now=NOW)
    stored.run_sql(backend_url, ("INSERT INTO appeal_reviews (attempt_id, verdict, reviewed_by, reviewed_at)"
                                 " VALUES (?, 'accepted', 99, 0)", (outcome.attempt_id,)),
                   ("INSERT INTO guild_decks (deck_id, guild_id, source_text, uploaded_by, uploaded_at)"
                    " VALUES ('mine', 500, 'id: mine', ?, 0)", (ALICE.user_id,)))
    deletion = await services.recall.delete_member_data(ALICE.user_id)
    assert deletion.removed["appeal_reviews"] == 1
    assert stored.rows(backend_url, "SELECT COUNT(*) FROM appeal_reviews") == [(0,)]
    assert stored.rows(backend_url, "SELECT uploaded_by FROM guild_decks WHERE deck_id = 'mine'") == [(None,)]


async def test_opt_out_hides_from_boards_but_keeps_the_record(services: Services, rng: random.Random) -> None:
    await study(services, rng, ALICE, 0, 2)
    await study(services, rng, BOB, 0, 1)
    await services.recall.set_leaderboard_opt_out(ALICE.user_id, True)
    assert [row.user_id for row in (await services.recall.leaderboard(500, now=NOW)).rows] == [BOB.user_id]
    assert (await services.recall.stats(ALICE, now=NOW)).total.attempts == 2
    await services.recall.set_leaderboard_opt_out(ALICE.user_id, False)
    assert [row.user_id for row in (await services.recall.leaderboard(500, now=NOW)).rows] == [ALICE.user_id, BOB.user_id]
