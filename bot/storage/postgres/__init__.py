"""The PostgreSQL backend (issue 14): `RECALL_DATABASE_URL=postgresql://...` runs every store on asyncpg.

Built (Option A below): the schema and its migration runner (`migrate.py`, `migrations/*.sql`, held equal
to SQLite's by tests/storage/postgres/test_schema_parity.py); `opening.py`, which migrates, reads the
schema's keys and nullable columns, and opens the write connection and the read pool; `connection.py`,
the synchronous facade of `sqlite3.Connection` the unchanged store functions run on in the group-committing
writer's thread (a private event loop, one connection, statements prepared once and kept); `pool.py`, the
aiosqlite subset `Reads` uses over a pool, and `apart.py`'s reads on a pool connection in a REPEATABLE
READ, READ ONLY transaction; `sql.py`, the one-time rewrite of each statement's text; `errors.py`, asyncpg's
failures as SQLite's. `bot.storage.database.Database.open` chooses by the URL; the composition root's
`BACKENDS` serves `postgresql`. Shard leases: `shard_lease.py`.
Differences from SQLite that remain: `executemany` reports no `rowcount` (-1; no store reads it); a NUL
character in stored text becomes U+FFFD (PostgreSQL's text can't hold it); a write connection the server
drops fails the batch in flight (a `StorageError`) and is replaced at the next batch; each statement is a round trip, so `record_attempt` costs 11-12 of them (benchmarks/storage/backends.py).

How the stores run on asyncpg (the design; Option A is what is built)
=====================================================================

Today every write is a plain function of a `sqlite3.Connection` (`bot/storage/*.py`), run by the
group-committing `Writer` (one thread, one connection, a batch per transaction, a SAVEPOINT per job on the
retry path); reads are async methods of `Reads` over aiosqlite, plus `apart.py`'s worker-thread reads.
asyncpg is async only, and strict: it takes `$1, $2, ...` parameters, checks each value against the
column's type (no int for TEXT, no str for BIGINT), returns a status string instead of `rowcount`, has no
`lastrowid`, and returns booleans for comparisons that SQLite returns as 0/1.

Measured floor (benchmarks/storage/postgres_round_trip.py, `python -m benchmarks.storage.postgres_round_trip
--count 5000`, throwaway PostgreSQL 15.18 on 127.0.0.1, fsync off, one connection, 2 shared cores under a
load average of about 3): `SELECT 1` p50 184 us (p99 1.0 ms), a primary-key read p50 223 us (p99 304 us),
a one-row INSERT in its own transaction (BEGIN, INSERT, COMMIT) p50 626 us (p99 874 us). So one round trip
costs about 0.2 ms, against a few microseconds for a SQLite statement: statement count now decides speed.

Option A: a synchronous facade over asyncpg, same store functions.
    A `PostgresConnection` class offering the subset of `sqlite3.Connection` the stores use (`execute`
    returning a cursor with `fetchone`/`fetchall`/iteration/`rowcount`/`lastrowid`, `executemany`), run
    in the writer thread, which owns a private event loop and one asyncpg connection and blocks on each
    call. It rewrites the SQL once per text (cached): `?` -> `$n` and `:name` -> `$n` (outside quotes),
    `INSERT OR REPLACE` -> `INSERT ... ON CONFLICT (primary key) DO UPDATE`, `json_each(?)` ->
    `unnest($n::bigint[])` / `::text[]` (the parameter decoded from its JSON), `total(x)` ->
    `COALESCE(SUM(x), 0.0)`, `CAST(x AS REAL)` -> `CAST(x AS DOUBLE PRECISION)`, `lastrowid` -> an added
    `RETURNING id`, `rowcount` from the status string; results turned back into tuples and booleans into
    0/1. Cost: small to write (one module, a few hundred lines, plus a translation test per rewrite), every
    store and its tests reused as they are (parametrized over both backends). But each statement is one
    blocking round trip in the one writer thread: `record_attempt` runs about 10-15 statements (counted
    from its code, not measured), 2-3 ms per attempt, so one writer tops out near 400 attempts/s, below
    the issue's 1,000/s target (that target is for SQLite, but two shard processes on PostgreSQL must
    scale). Text rewriting is also a parser we would own; it has to stay out of string literals.
Option B: async store functions per backend.
    Each store gets an asyncpg twin (`bot/storage/postgres/<store>.py`) with the SQL written for
    PostgreSQL, run on a connection pool, one transaction per job (no group commit: PostgreSQL commits
    concurrent transactions in parallel and groups their WAL flushes itself). Hot paths can drop round
    trips: one statement with CTEs, or a PL/pgSQL function, per attempt; `= ANY($1)` arrays instead of
    json_each; pipelined `executemany`. Cost: about 3,000 lines of store code written twice and kept in
    step (the parametrized service tests are the guard), and concurrency reasoning SQLite never needed:
    with several connections a read-modify-write (a streak computed in Python from rows read, a schedule
    tick's decision) must lock what it read (`SELECT ... FOR UPDATE`, or `pg_advisory_xact_lock` on the
    member or schedule id); unique indexes with `ON CONFLICT DO NOTHING` already make the exactly-once
    claims (attempt keys, schedule slots, poll votes, reveal and reminder claims) safe across processes.
Recommendation: both, in this order. First A, to get every feature running on PostgreSQL with the same
tested store code and the services suite parametrized over both backends (correctness first, and the long
tail of admin stores never needs more). Then B for the few hot paths the load figures point at
(`record_attempt` with its streak, period-score and SRS writes; the `/quiz` and `/stats` reads; the
schedule tick's claim), each moved only with a benchmark showing the gain, behind the same ports. The
reads (`Reads`, `MemberDataReads`, `apart.py`) are already async: port them straight to a pool (B) rather
than through the facade. The writer keeps one connection in A, so the SQLite serialisation assumptions of
the stores (a schedule tick's decide-and-claim in one `BEGIN IMMEDIATE` transaction) still hold within a
process; across shard processes they need the row locks named in B before two processes share a table.

SQLite spellings found by grepping bot/storage (each needs the rewrite named above, or a twin):
- writer.py: `BEGIN IMMEDIATE` (-> `BEGIN`), `sqlite3.IntegrityError` as a job's own failure (->
  asyncpg's `IntegrityConstraintViolationError`), SAVEPOINT/RELEASE/ROLLBACK TO (portable).
- sqlite.py: PRAGMAs (user_version, journal_mode, busy_timeout, synchronous, foreign_keys,
  max_page_count), `executescript`, `sqlite3.complete_statement`, SQLite error codes (replaced by
  migrate.py and a PostgreSQL error mapping to the same `StorageError`s).
- reads.py: PRAGMA query_only/foreign_keys/busy_timeout; `total()`; `CAST(... AS REAL)` (PostgreSQL's REAL
  is 4 bytes: use DOUBLE PRECISION; the accuracy ordering must use the index's expression
  `CAST(correct AS DOUBLE PRECISION) / NULLIF(attempts, 0)` to be served by period_scores_accuracy).
- apart.py: its own `sqlite3.connect` read-only connections in worker threads (-> a pool connection in a
  `REPEATABLE READ, READ ONLY` transaction for the same snapshot).
- attempts.py: `total()`; `RETURNING`, `ON CONFLICT ... DO UPDATE ... excluded.` (portable); executemany.
- member_data.py: `sqlite_master` with `NOT LIKE 'sqlite_%'` and `PRAGMA table_info` to find every table
  and column holding a member (-> information_schema); `rowcount`.
- suggestions.py: `cursor.lastrowid` (-> `RETURNING id`); `rowcount`.
- deck_checks.py: `INSERT OR REPLACE` (-> `ON CONFLICT (text_sha256) DO UPDATE`); BLOB keys (bytes, BYTEA).
- group_memory.py: `json_each(:cards)` and a named parameter; catches `sqlite3.OperationalError`.
- schedules.py: `json_each(?)`; relies on `BEGIN IMMEDIATE` serialising the tick (see above); `rowcount`.
- server_media.py: `total()`, `substr()` (portable), BLOB data (BYTEA).
- guild_decks.py, overlay.py, polls.py, role_rewards.py, rounds.py, streak_store.py, card_reports.py,
  deck_study.py, languages.py, settings_store.py: only `?` parameters, `rowcount`, executemany and
  portable upserts (`ON CONFLICT ... DO NOTHING/UPDATE`, `excluded.`, `RETURNING`).
- Everywhere: `?` parameters (on about 260 lines), booleans passed as parameters into BIGINT flag columns (asyncpg
  0.32 stores True as 1: checked), comparisons read back as 0/1, and ORDER BY over nullable columns
  (SQLite sorts NULLs first ascending, PostgreSQL last: add `NULLS FIRST` where a nullable column is
  sorted). No scalar `MAX(a, b)`/`MIN(a, b)` or `IFNULL` in SQL today (the hits are Python's max/min).
"""
