"""Errors the services, storage and start-up raise reach the reader in their language, params filled, through
the shipped catalogues; the English text (`str(error)`, what the terminal and logs print) is unchanged, and a
message no catalogue knows is shown in English."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from discord import app_commands

from bot.app.errors import user_message
from bot.core.errors import RecallError, StorageError
from bot.core.messages import N_, Marked
from bot.database_url import DatabaseUrlError, not_supported_yet, parse_database_url
from bot.i18n.voice import say_error, say_marked, speaking
from bot.services.card_checks import SuggestionRejected
from bot.services.deck_report import PERIOD_WORDS, parse_period
from bot.services.errors import InvalidSetting
from bot.services.scheduling import ScheduleNotFound
from bot.settings import SettingsError, load_settings
from bot.storage.sqlite import storage_error
from bot.storage.writer import Writer


def test_a_service_error_is_shown_in_spanish_with_its_params() -> None:
    with pytest.raises(RecallError) as raised:
        parse_period("decade")
    error = raised.value
    assert str(error) == "The period is one of week, month, term, all."
    with speaking("es"):
        assert say_error(error) == "El periodo debe ser uno de estos: week, month, term, all."
    assert say_error(error) == str(error)  # English: the text in the code


def test_the_params_of_an_error_are_filled_in_every_language() -> None:
    error = ScheduleNotFound(N_("There is no schedule #{schedule} in this server; `/schedule list` shows them."),
                             schedule="4012")
    shown = {}
    for language in ("es", "de", "pt-BR", "fr", "ja"):
        with speaking(language):
            shown[language] = say_error(error)
    assert shown["es"] == "No hay ninguna programación #4012 en este servidor; `/schedule list` las muestra."
    assert shown["ja"] == "このサーバーにスケジュール #4012 はありません。`/schedule list` で一覧を確認できます。"
    assert all("#4012" in text and "`/schedule list`" in text for text in shown.values()), shown
    assert len(set(shown.values())) == 5


def test_an_unmarked_message_falls_back_to_english() -> None:
    error = InvalidSetting("Nobody ever marked this sentence for {who}.", who="Ana")
    with speaking("es"):
        assert say_error(error) == "Nobody ever marked this sentence for Ana."


def test_a_refusal_quoted_in_another_message_is_translated_with_it() -> None:
    refusal = RecallError(N_("the media file {name} is no longer on this server; upload the deck with its package"),
                          name="cell.png")
    error = InvalidSetting(N_("`{name}` was not stored. {reason}"), name="bio.yaml", reason=refusal)
    assert str(error) == ("`bio.yaml` was not stored. the media file cell.png is no longer on this server; upload "
                          "the deck with its package")
    with speaking("es"):
        assert say_error(error) == ("`bio.yaml` no se guardó. el archivo multimedia cell.png ya no está en este "
                                    "servidor; sube el mazo con su paquete")


def test_a_list_of_problems_is_translated_line_by_line() -> None:
    rejected = SuggestionRejected([Marked(N_("the card doesn't pass the deck's rules")), "front: too long"], {})
    assert str(rejected) == "That card can't be added yet:\n• the card doesn't pass the deck's rules\n• front: too long"
    with speaking("fr"):
        assert say_error(rejected) == ("Cette carte ne peut pas encore être ajoutée :\n• la carte ne respecte pas les "
                                       "règles du paquet\n• front: too long")  # an unmarked problem stays as written


def test_a_database_url_error_is_translated_with_its_reason() -> None:
    with pytest.raises(DatabaseUrlError) as raised:
        parse_database_url("postgres://db:70000/recall")
    assert str(raised.value) == ("can't use the database URL (RECALL_DATABASE_URL or --database) 'postgres://db:70000/recall': "
                                 "its port is not a number from 1 to 65535. Use sqlite:///relative/path or "
                                 "sqlite:////absolute/path (for example sqlite:////data/recall.db), "
                                 "or postgresql://user:password@host:port/database")
    with speaking("de"):
        assert say_error(raised.value) == (
            "die Datenbank-URL (RECALL_DATABASE_URL oder --database) 'postgres://db:70000/recall' ist nicht verwendbar: "
            "ihr Port ist keine Zahl von 1 bis 65535. Verwende sqlite:///relativer/pfad oder "
            "sqlite:////absoluter/pfad (zum Beispiel sqlite:////data/recall.db) oder "
            "postgresql://benutzer:passwort@host:port/datenbank")


def test_a_start_up_setting_error_keeps_its_english_text_and_translates() -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings({"DISCORD_TOKEN": "abc", "RECALL_LOG_FORMAT": "xml"}, env_file=None)
    assert str(raised.value) == "RECALL_LOG_FORMAT must be text or json (got 'xml')"
    with speaking("pt-BR"):
        assert say_error(raised.value) == "RECALL_LOG_FORMAT deve ser text ou json (recebido: 'xml')"


def test_a_database_failure_keeps_its_path_in_english_and_translates(tmp_path: Path) -> None:
    path = tmp_path / "recall.db"
    error = storage_error(sqlite3.OperationalError("database or disk is full"), path)
    assert str(error) == f"The disk holding {path} is full. Free some space and try again."
    with speaking("ja"):
        assert say_error(error) == f"{path} のあるディスクがいっぱいです。空き容量を作ってからもう一度試してください。"


def test_the_error_layer_answers_a_member_in_their_language(tmp_path: Path) -> None:
    writer = asyncio.run(_closed_writer(tmp_path))
    with pytest.raises(StorageError) as raised:
        asyncio.run(writer.run(lambda conn: None))
    wrapped = app_commands.CommandInvokeError.__new__(app_commands.CommandInvokeError)
    wrapped.original = InvalidSetting(N_("`{deck}` is a built-in deck: hide it with `/deck disable` instead."),
                                      deck="python-basics")
    cooldown = app_commands.CommandOnCooldown(app_commands.Cooldown(1, 10), 2.2)
    with speaking("es"):
        assert user_message(wrapped) == "`python-basics` es un mazo integrado: ocúltalo con `/deck disable`."
        # a database failure's own text names the host's files: the member gets the generic line
        assert user_message(raised.value) == "Recall no pudo guardar eso ahora mismo; inténtalo de nuevo en un minuto."
        assert user_message(cooldown) == "Ve un poco más despacio: podrás usar este comando de nuevo en 3 s."
    assert user_message(wrapped) == "`python-basics` is a built-in deck: hide it with `/deck disable` instead."


def test_a_returned_marked_text_is_written_in_the_readers_language() -> None:
    reason = not_supported_yet("mysql")
    assert reason == "mysql databases are not supported yet"  # shown as is, it stays English
    with speaking("fr"):
        assert say_marked(reason) == "les bases de données mysql ne sont pas encore prises en charge"
        assert say_marked(PERIOD_WORDS["term"]) == "les 16 dernières semaines"


async def _closed_writer(tmp_path: Path) -> Writer:
    writer = await Writer.open(tmp_path / "closed.db")
    await writer.close()
    return writer


def test_a_settings_value_refused_by_the_core_is_shown_translated() -> None:
    """The core's validators (exam dates, targets, retention, the day-start hour) raise marked sentences;
    the services pass them on as they are, so an admin reads them in their language."""
    from datetime import date

    from bot.core.exam import parse_exam_date
    from bot.core.srs import validate_retention

    with pytest.raises(ValueError) as raised:
        parse_exam_date("2026-01-01", date(2026, 6, 1))
    error = InvalidSetting(raised.value.args[0])
    assert str(error) == "2026-01-01 is not after today (2026-06-01): set a date still to come."
    with speaking("de"):
        assert say_error(error) == "2026-01-01 liegt nicht nach heute (2026-06-01): wähle ein Datum in der Zukunft."
    with pytest.raises(ValueError) as raised:
        validate_retention(0.5)
    with speaking("ja"):
        assert say_error(InvalidSetting(raised.value.args[0])) == "定着率は 0.80 から 0.97 の範囲で指定してください（入力: 0.5）。"
