"""Each rewrite of the stores' SQLite SQL into PostgreSQL's (bot/storage/postgres/sql.py), on its own."""

from __future__ import annotations

import pytest

from bot.storage.postgres.sql import Dialect, Schema

SCHEMA = Schema(
    primary_keys={"deck_check_cache": ("text_sha256",), "pairs": ("a", "b")},
    table_columns={"period_scores": ("guild_id", "user_id", "points", "attempts"),
                   "deck_check_cache": ("text_sha256", "checker", "deck"), "pairs": ("a", "b")},
    nullable=frozenset({"last_review", "due"}),
)


def sql(text: str, arguments: tuple[object, ...] = ()) -> str:
    return Dialect(SCHEMA).rewrite(text).render(arguments)


def test_question_marks_are_numbered_in_order() -> None:
    assert sql("SELECT a FROM t WHERE b = ? AND c > ? LIMIT ?") == "SELECT a FROM t WHERE b = $1 AND c > $2 LIMIT $3"


def test_nothing_inside_quotes_or_comments_is_rewritten() -> None:
    text = "SELECT 'a ? :b total(x)', \"odd ? name\" FROM t -- a ? here\nWHERE c = ?"
    assert sql(text) == "SELECT 'a ? :b total(x)', \"odd ? name\" FROM t \nWHERE c = $1"
    assert sql("SELECT 'it''s ?' WHERE a = ?") == "SELECT 'it''s ?' WHERE a = $1"


def test_named_parameters_become_one_number_each_and_take_a_mapping() -> None:
    rewritten = Dialect(SCHEMA).rewrite("SELECT :x + :y WHERE a = :x")
    assert rewritten.render() == "SELECT $1 + $2 WHERE a = $1"
    assert rewritten.arguments({"y": 2, "x": 1, "unused": 3}) == [1, 2]
    with pytest.raises(TypeError):
        rewritten.arguments((1, 2))


def test_a_positional_statement_refuses_the_wrong_number_of_arguments() -> None:
    with pytest.raises(TypeError, match="takes 2"):
        Dialect(SCHEMA).rewrite("SELECT ?, ?").arguments((1,))


def test_a_float_argument_is_cast_so_postgresql_does_not_type_it_as_its_neighbour() -> None:
    assert sql("SELECT ? * a, ? FROM t", (0.25, 3)) == "SELECT $1::float8 * a, $2 FROM t"


def test_begin_immediate_is_a_plain_begin_and_control_statements_are_marked() -> None:
    rewritten = Dialect(SCHEMA).rewrite("BEGIN IMMEDIATE")
    assert rewritten.render() == "BEGIN" and rewritten.control
    assert Dialect(SCHEMA).rewrite("ROLLBACK TO job").control
    assert not Dialect(SCHEMA).rewrite("SELECT 1").control


def test_insert_or_replace_updates_every_column_but_the_primary_key() -> None:
    assert sql("INSERT OR REPLACE INTO deck_check_cache (text_sha256, checker, deck) VALUES (?, ?, ?)") == (
        "INSERT INTO deck_check_cache (text_sha256, checker, deck) VALUES ($1, $2, $3)"
        " ON CONFLICT (text_sha256) DO UPDATE SET checker = excluded.checker, deck = excluded.deck")
    assert sql("INSERT OR REPLACE INTO pairs (a, b) VALUES (?, ?)") == (
        "INSERT INTO pairs (a, b) VALUES ($1, $2) ON CONFLICT (a, b) DO NOTHING")


def test_insert_or_replace_into_a_table_of_unknown_key_is_refused() -> None:
    with pytest.raises(ValueError, match="primary key"):
        sql("INSERT OR REPLACE INTO mystery (a) VALUES (?)")


def test_insert_or_ignore_does_nothing_on_conflict_before_returning() -> None:
    assert sql("INSERT OR IGNORE INTO pairs (a, b) VALUES (?, ?) RETURNING a") == (
        "INSERT INTO pairs (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING a")


def test_an_upsert_reads_bare_columns_as_the_stored_rows() -> None:
    text = ("INSERT INTO period_scores (guild_id, user_id, points) VALUES (?, ?, ?) ON CONFLICT (guild_id, user_id)"
            " DO UPDATE SET points = points + excluded.points WHERE attempts < 5 RETURNING points")
    assert sql(text).endswith(
        "DO UPDATE SET points = period_scores.points + excluded.points WHERE period_scores.attempts < 5"
        " RETURNING points")


def test_json_each_membership_is_an_array_comparison_with_the_json_decoded() -> None:
    rewritten = Dialect(SCHEMA).rewrite("SELECT id FROM s WHERE id IN (SELECT value FROM json_each(?)) AND g = ?")
    assert rewritten.render() == "SELECT id FROM s WHERE id = ANY($1) AND g = $2"
    assert rewritten.arguments(("[3, 4]", 9)) == [[3, 4], 9]
    negated = Dialect(SCHEMA).rewrite("SELECT 1 WHERE c NOT IN (SELECT value FROM json_each(:cards))")
    assert negated.render() == "SELECT 1 WHERE c <> ALL($1)"
    assert negated.arguments({"cards": '["a"]'}) == [["a"]]


def test_total_ifnull_and_real_casts() -> None:
    assert sql("SELECT total(x), IFNULL(y, 0), CAST(a AS REAL) / b FROM t") == (
        "SELECT COALESCE(SUM(x), 0.0), COALESCE(y, 0), CAST(a AS DOUBLE PRECISION) / b FROM t")


def test_scalar_max_and_min_are_greatest_and_least_and_aggregates_stay() -> None:
    assert sql("SELECT MAX(0, min(a, b)), MAX(c), min(f(d, e)) FROM t") == (
        "SELECT GREATEST(0, LEAST(a, b)), MAX(c), min(f(d, e)) FROM t")


def test_a_text_cast_to_blob_is_its_utf8_bytes() -> None:
    assert sql("SELECT length(CAST(source_text AS BLOB)) FROM d") == (
        "SELECT length(convert_to(source_text, 'UTF8')) FROM d")


def test_nullable_columns_sort_nulls_as_sqlite_does_and_others_keep_their_index_order() -> None:
    assert sql("SELECT * FROM s ORDER BY due, id DESC, s.last_review DESC LIMIT ?") == (
        "SELECT * FROM s ORDER BY due NULLS FIRST, id DESC, s.last_review DESC NULLS LAST LIMIT $1")
    assert sql("SELECT * FROM (SELECT due FROM s ORDER BY due) x ORDER BY id") == (
        "SELECT * FROM (SELECT due FROM s ORDER BY due NULLS FIRST) x ORDER BY id")


def test_sqlite_master_reads_information_schema() -> None:
    text = sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    assert "information_schema.tables" in text and text.endswith("AND name NOT LIKE 'sqlite_%' ORDER BY name")


def test_pragma_table_info_lists_the_columns_from_information_schema() -> None:
    text = sql('PRAGMA table_info("it\'s")')
    assert "information_schema.columns" in text and "c.table_name = 'it''s'" in text


def test_each_text_is_rewritten_once() -> None:
    dialect = Dialect(SCHEMA)
    assert dialect.rewrite("SELECT ?") is dialect.rewrite("SELECT ?")
