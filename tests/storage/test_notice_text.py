"""Admin notices are stored with their marked template, so they are read later in the reader's language;
plain and older rows read back as written."""

from __future__ import annotations

from bot.core.messages import N_, Marked
from bot.i18n.voice import say_marked, speaking
from bot.services.schedule_records import Notice
from bot.storage.database import Database
from bot.storage.notice_text import read_notice, stored_notice
from bot.storage.role_rewards import SqliteRewardStore
from bot.storage.schedules import SqliteScheduleStore

GUILD = 7

PAUSED = Marked(N_("Schedule #{schedule} is paused: I can't post in <#{channel}> ({reason}). Fix the channel or my "
                   "permissions, then `/schedule resume`."), schedule="3", channel="555", reason="Missing Access")


async def test_a_marked_notice_is_read_back_marked_and_shown_in_the_readers_language(backend_url: str) -> None:
    db = await Database.open(backend_url)
    try:
        schedules, rewards = SqliteScheduleStore(db), SqliteRewardStore(db)
        await schedules.add_notice(GUILD, Notice("paused:3:1", PAUSED), 100)
        assert await rewards.add_notice(GUILD, "plain", "An old notice, stored as English text.", 200)
        [(_, guild, paused), (_, _, plain)] = await schedules.pending_notices(GUILD)
        assert guild == GUILD and paused == str(PAUSED) and isinstance(paused, Marked)
        assert plain == "An old notice, stored as English text." and not isinstance(plain, Marked)
        with speaking("es"):
            assert say_marked(paused) == ("La programación #3 está en pausa: no puedo publicar en <#555> (Missing "
                                          "Access). Arregla el canal o mis permisos y luego usa `/schedule resume`.")
        assert [text for _, _, text in await schedules.notices_to_announce()] == [paused, plain]
    finally:
        await db.close()


def test_what_cannot_be_stored_marked_is_stored_as_its_english_text() -> None:
    assert stored_notice(PAUSED, 40) == str(PAUSED)[:40]  # too long marked: the English text, clipped
    assert stored_notice(Marked(N_("{x} and {y}"), x=[1], y="b"), 500) == "[1] and b"  # a param JSON can't hold
    assert read_notice('{"template": broken') == '{"template": broken'
    assert read_notice(stored_notice(PAUSED, 1900)) == PAUSED
