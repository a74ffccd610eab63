"""The two-shard-process benchmark's own machinery, on a tiny step: both Recall processes answer the clicks of
their own shard's server (by the benchmark's count and by each process's log), and nothing is left
unanswered at a low rate (needs PostgreSQL: the tests' throwaway server; skips without it). Without
PostgreSQL the benchmark itself ends cleanly with a row saying why."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from benchmarks.__main__ import _two_shards_rows
from benchmarks.discord import two_shards
from benchmarks.discord.two_shards import bench_target, parse_args
from tests.backends import postgres_server  # noqa: F401 - the fixture
from tests.postgres_server import URL_VARIABLE, Server, Unavailable

TINY = ["--targets", "recall-2p", "--sweep", "20", "--step-duration", "2", "--members", "40", "--questions", "3",
        "--log-level", "INFO"]  # INFO: each handled interaction is logged with its server


async def test_two_shard_processes_each_answer_their_own_servers_clicks(
        tmp_path: Path, postgres_server: Server) -> None:  # noqa: F811 - the fixture imported above
    result = await bench_target("recall-2p", parse_args(TINY), postgres_server, None, tmp_path)

    first = result["steps"][0]
    assert first["rate"] == 20 and first["sent"] == 40
    assert first["unanswered"] == 0 and first["late"] == 0, first
    by_shard = {tuple(p["shards"]): p for p in first["processes"]}
    assert set(by_shard) == {(0,), (1,)}
    for process in by_shard.values():
        assert process["clicks"] == 20 and process["answered"] == 20, process
        assert process["cpu_s"] > 0
    assert result["repeated_clicks"] == 0  # every click a new attempt: 40 members x 3 questions per server

    for shard in (0, 1):
        log = (tmp_path / f"recall-2p-{shard}.stderr.log").read_text()
        servers = re.findall(r"message=interaction guild=(\d+) ", log)  # its clicks and its /quiz posts
        assert len(servers) >= 20, log[-2000:]
        assert {(int(server) >> 22) % 2 for server in servers} == {shard}, set(servers)


def test_without_postgresql_the_benchmark_skips_with_its_reason(tmp_path: Path, monkeypatch: Any) -> None:
    class NoServer:
        data = None

        def start(self) -> Server:
            raise Unavailable("PostgreSQL tests: no server program (initdb, pg_ctl) on PATH")

        def stop(self) -> None:
            pass

    monkeypatch.delenv(URL_VARIABLE, raising=False)
    monkeypatch.setattr(two_shards, "ThrowawayServer", NoServer)
    out = tmp_path / "two_shards.json"
    assert two_shards.main(["--quick", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report == {"skipped": "PostgreSQL tests: no server program (initdb, pg_ctl) on PATH"}
    (row,) = _two_shards_rows(report)
    assert row[1] == "skipped" and "initdb" in row[2]
