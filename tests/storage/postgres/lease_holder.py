"""A process that owns shards through `ShardLeases` until it is killed, for the takeover test.

    python -m tests.storage.postgres.lease_holder URL SHARD[,SHARD...]

Prints "holding 0,1" (the shards it took) once the locks are held, then waits to be killed.
"""

from __future__ import annotations

import asyncio
import sys

from bot.storage.postgres.shard_lease import ShardLeases


async def main(url: str, shards: list[int]) -> None:
    leases = await ShardLeases.open(url)
    taken = await leases.try_acquire(shards)
    print("holding " + ",".join(str(shard) for shard in sorted(taken)), flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], [int(shard) for shard in sys.argv[2].split(",")]))
