"""At start: every server's uploaded decks, checked again only where their text changed.

The texts are read a chunk at a time (a server may store 20 MB of decks). Each is hashed (SHA-256); a
text the same checking code already passed comes from the cache (migration 006) without a child
process, the others go to the checker together (in the bot: one deck at a time under limits of its own,
bot.content.per_deck), and those that pass are cached. Rows for texts no server stores any more are
dropped. The database was chosen over a file next to it: it is already opened, migrated, written in
one place and backed up, and a restored backup brings its cache along (used only if the checking code
is the same: the fingerprint in each row).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from bot.content.isolated import checker_fingerprint, deck_from_bytes, deck_to_bytes
from bot.core.deck import Deck
from bot.services.records import StoredDeckRef
from bot.services.server_ports import DeckCheckStore

CHUNK_DECKS = 200
CHUNK_BYTES = 32 * 1024 * 1024

# Checks (text, file name) pairs; for each: the deck (None if it has errors), errors, warnings.
DeckChecker = Callable[[Sequence[tuple[str, str]]], Awaitable[list[tuple[Deck | None, list[str], list[str]]]]]


@dataclass(frozen=True, slots=True)
class StoredDeckCheck:
    guild_id: int
    deck_id: str
    deck: Deck | None  # None: not loaded (errors say why)
    errors: list[str]
    from_cache: bool


def text_hash(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


async def check_stored_decks(store: DeckCheckStore, check: DeckChecker) -> list[StoredDeckCheck]:
    """Every stored upload with its checked deck (or why it has none), by server then deck id."""
    checker = checker_fingerprint()
    results: list[StoredDeckCheck] = []
    seen: set[bytes] = set()
    for chunk in _chunks(await store.stored_decks()):
        texts = await store.stored_texts(chunk)
        present = [(ref, text) for ref, text in zip(chunk, texts, strict=True) if text is not None]  # (removed since)
        hashes = [text_hash(text) for _, text in present]
        seen.update(hashes)
        cached = await store.cached_checks(hashes, checker)
        known = {digest: deck for digest, blob in cached.items() if (deck := deck_from_bytes(blob)) is not None}
        to_check = [index for index, digest in enumerate(hashes) if digest not in known]
        verdicts = await check([(present[i][1], f"{present[i][0].deck_id}.yaml") for i in to_check]) if to_check else []
        checked = dict(zip(to_check, verdicts, strict=True))
        passed: list[tuple[bytes, bytes]] = []
        for index, ((ref, _), digest) in enumerate(zip(present, hashes, strict=True)):
            if digest in known:
                results.append(StoredDeckCheck(ref.guild_id, ref.deck_id, known[digest], [], True))
                continue
            deck, errors, _warnings = checked[index]
            results.append(StoredDeckCheck(ref.guild_id, ref.deck_id, deck, errors, False))
            if deck is not None:
                passed.append((digest, deck_to_bytes(deck)))
        await store.cache_checks(passed, checker)
    await store.forget_checks_except(seen)
    return results


def _chunks(refs: list[StoredDeckRef]) -> list[list[StoredDeckRef]]:
    chunks: list[list[StoredDeckRef]] = []
    size = CHUNK_BYTES + 1
    for ref in refs:
        if size + ref.size > CHUNK_BYTES or len(chunks[-1]) >= CHUNK_DECKS:
            chunks.append([])
            size = 0
        chunks[-1].append(ref)
        size += ref.size
    return chunks
