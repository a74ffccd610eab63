"""A member's last seen language: written when it changes, never once per interaction, off the caller, with
the waiting writes and the remembered members bounded; a server's choice. Real SQLite underneath."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import pytest

from bot.i18n.languages import CATALOGUE_LANGUAGES
from bot.services.languages import LanguageService
from bot.storage.database import Database
from bot.storage.languages import SqliteLanguageStore


class CountingStore(SqliteLanguageStore):
    """The real store, counting its writes and reads of members' languages."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.writes: list[list[tuple[int, str | None]]] = []
        self.reads = 0

    async def record_locales(self, seen: Sequence[tuple[int, str | None]]) -> None:
        self.writes.append(list(seen))
        await super().record_locales(seen)

    async def member_locales(self, user_ids: Sequence[int]) -> dict[int, str]:
        self.reads += 1
        return await super().member_locales(user_ids)


@pytest.fixture
async def store(backend_url: str) -> AsyncIterator[CountingStore]:
    db = await Database.open(backend_url)
    yield CountingStore(db)
    await db.close()


async def test_a_language_is_written_once_and_again_only_when_it_changes(store: CountingStore) -> None:
    languages = LanguageService(store, CATALOGUE_LANGUAGES)
    for _ in range(50):
        languages.seen(1, "ja")
    await languages.drain()
    assert store.writes == [[(1, "ja")]]
    for _ in range(50):  # a second interaction, a third...: known as stored, nothing written
        languages.seen(1, "ja")
    await languages.drain()
    assert store.writes == [[(1, "ja")]]
    languages.seen(1, "de")
    await languages.drain()
    assert store.writes[-1] == [(1, "de")]
    assert await languages.member_language(1) == "de"
    assert await LanguageService(store, CATALOGUE_LANGUAGES).member_language(1) == "de"  # a new run reads it


async def test_an_english_member_never_stored_is_not_written(store: CountingStore) -> None:
    languages = LanguageService(store, CATALOGUE_LANGUAGES)
    languages.seen(5, None)
    languages.seen(6, "klingon")  # not a catalogue language: English
    await languages.drain()
    assert store.writes == [] and store.reads == 1  # one read for both, no write
    assert await languages.member_language(6) is None


async def test_a_restart_reads_what_was_stored_instead_of_writing_it_again(store: CountingStore) -> None:
    await store.record_locales([(9, "fr")])
    store.writes.clear()
    languages = LanguageService(store, CATALOGUE_LANGUAGES)
    languages.seen(9, "fr")
    await languages.drain()
    assert store.writes == []
    languages.seen(9, None)  # the member switched their client to English
    await languages.drain()
    assert store.writes == [[(9, None)]] and await store.member_locales([9]) == {}


async def test_the_caller_never_waits_and_many_members_share_a_write(store: CountingStore) -> None:
    languages = LanguageService(store, CATALOGUE_LANGUAGES)
    for user_id in range(100, 400):
        languages.seen(user_id, "es")  # synchronous: queued, nothing awaited here
    assert store.writes == []
    await languages.drain()
    assert sum(len(batch) for batch in store.writes) == 300 and len(store.writes) <= 2
    assert len(await store.member_locales(list(range(100, 400)))) == 300


async def test_the_waiting_writes_are_bounded(store: CountingStore) -> None:
    languages = LanguageService(store, CATALOGUE_LANGUAGES, pending=5)
    for user_id in range(20):
        languages.seen(user_id, "pt-BR")
    assert languages.dropped == 15  # past the bound: dropped, and seen again on the member's next interaction
    await languages.drain()
    assert store.writes == [[(user_id, "pt-BR") for user_id in range(5)]]
    for _ in range(3):  # the members come back: five more written each time
        for user_id in range(20):
            languages.seen(user_id, "pt-BR")
        await languages.drain()
    assert len(await store.member_locales(list(range(20)))) == 20
    assert all(len(batch) <= 5 for batch in store.writes)


async def test_the_remembered_members_are_bounded_and_a_forgotten_one_is_read_not_written(
        store: CountingStore) -> None:
    languages = LanguageService(store, CATALOGUE_LANGUAGES, remembered=10)
    for user_id in range(20):
        languages.seen(user_id, "fr")
    await languages.drain()
    assert len(languages._stored) == 10 and sum(len(batch) for batch in store.writes) == 20
    writes, reads = len(store.writes), store.reads
    languages.seen(0, "fr")  # forgotten (the oldest): looked up again, found stored, not written
    await languages.drain()
    assert len(store.writes) == writes and store.reads == reads + 1


async def test_a_server_chooses_a_language_and_goes_back_to_discords(store: CountingStore) -> None:
    languages = LanguageService(store, CATALOGUE_LANGUAGES)
    await languages.choose(7, "es")
    assert await languages.server_choices() == {7: "es"}
    await languages.choose(7, None)
    assert await languages.server_choices() == {}
    with pytest.raises(ValueError):
        await languages.choose(7, "xx")


async def test_a_member_who_deleted_their_data_is_stored_again_on_their_next_use(store: CountingStore) -> None:
    languages = LanguageService(store, CATALOGUE_LANGUAGES)
    languages.seen(7, "ja")
    await languages.drain()
    await store.db.delete_member(7)
    languages.forget(7)
    assert await store.member_locales([7]) == {}
    languages.seen(7, "ja")  # their next interaction: not taken as already stored
    await languages.drain()
    assert await store.member_locales([7]) == {7: "ja"}


async def test_a_language_waiting_to_be_written_is_dropped_when_the_member_deletes_their_data(
    store: CountingStore,
) -> None:
    languages = LanguageService(store, CATALOGUE_LANGUAGES)
    languages.seen(8, "fr")  # queued; the batch starts on the next turn of the loop
    languages.forget(8)
    await languages.drain()
    assert await store.member_locales([8]) == {}
    assert all(user_id != 8 for batch in store.writes for user_id, _ in batch)
