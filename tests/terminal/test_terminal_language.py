"""`python -m bot` writes in the terminal's language (`LC_ALL`, `LC_MESSAGES`, `LANG`); what machines read
(JSON, CSV, deck files) does not change with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.ops.backup import BackupError, backup
from tests.terminal.commands import ROOT, run_here
from tests.terminal.test_doctor import doctor, migrated_database

SPANISH = {"LC_ALL": "", "LANG": "es_ES.UTF-8"}  # tests/conftest.py sets LC_ALL=C.UTF-8: empty lets LANG speak


def test_the_doctor_speaks_spanish_under_a_spanish_lang_and_english_under_c(tmp_path: Path) -> None:
    db = migrated_database(tmp_path / "recall.db")
    url = f"sqlite:///{db}"

    spanish = doctor(tmp_path, "--quick", RECALL_DATABASE_URL=url, **SPANISH)
    assert spanish.returncode == 0, spanish.stdout + spanish.stderr
    out = spanish.stdout
    assert "✓ ajustes: leídos del entorno" in out
    assert "✓ token: tiene forma de token de bot (usuario del bot 123456789012345678)" in out
    assert f"✓ base de datos: {db} se abre (" in out
    assert "✓ integridad: quick_check ok" in out
    assert "✓ zonas horarias: Europe/London" in out
    assert out.splitlines()[-1] == "todas las comprobaciones superadas"

    english = doctor(tmp_path, "--quick", RECALL_DATABASE_URL=url, LC_ALL="", LANG="C")
    assert english.returncode == 0, english.stdout + english.stderr
    assert "✓ settings: read from the environment" in english.stdout
    assert english.stdout.splitlines()[-1] == "all checks passed"
    assert "comprobaciones" not in english.stdout


def test_lc_all_outranks_lang(tmp_path: Path) -> None:
    db = migrated_database(tmp_path / "recall.db")
    result = doctor(tmp_path, "--quick", RECALL_DATABASE_URL=f"sqlite:///{db}", LC_ALL="de_DE.UTF-8",
                    LANG="es_ES.UTF-8")
    assert result.stdout.splitlines()[-1] == "alle Prüfungen bestanden", result.stdout


def test_a_refused_restore_is_explained_in_japanese_and_logged_in_english(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    db = migrated_database(tmp_path / "recall.db")
    missing = tmp_path / "nothing-here.db"
    monkeypatch.setenv("LC_ALL", "ja_JP.UTF-8")
    done = run_here(monkeypatch, tmp_path, "restore", str(missing), "--database", f"sqlite:///{db}")
    assert done.returncode == 1
    assert done.stderr == f"✗ 復元に失敗しました: バックアップ {missing} が存在しないか、ファイルではありません\n"
    with pytest.raises(BackupError) as refused:  # the error itself stays English (the bot logs it)
        backup(missing)
    assert str(refused.value) == f"database {missing} does not exist or is not a file"


def test_grade_json_is_the_same_in_every_language(monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("grade", "algorithms-complexity", "explain-hash-table", "a hash function picks the bucket", "--json")
    english = run_here(monkeypatch, ROOT, *args, env={"RECALL_CONTENT_DIR": str(ROOT / "content")})
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    french = run_here(monkeypatch, ROOT, *args, env={"RECALL_CONTENT_DIR": str(ROOT / "content")})
    assert english.returncode == french.returncode == 0, english.stderr + french.stderr
    assert json.loads(french.stdout) == json.loads(english.stdout)
    assert french.stdout == english.stdout

    text = run_here(monkeypatch, ROOT, *args[:-1], env={"RECALL_CONTENT_DIR": str(ROOT / "content")})
    assert text.stdout.startswith("explain-hash-table : ") and " notions" in text.stdout.splitlines()[0], text.stdout
