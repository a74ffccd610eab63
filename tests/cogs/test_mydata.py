"""/mydata pieces that need no Discord: the confirmation's custom_id, the export file, the summary."""

from __future__ import annotations

import io
import json
import random
import zipfile

import pytest

from bot.cogs.mydata import cog as mydata_cog
from bot.cogs.mydata.cog import export_file
from bot.cogs.mydata.views import DeleteButton, deleted_text
from bot.services.api import DataDeletion


@pytest.mark.parametrize("confirm", [True, False])
def test_confirmation_custom_id_fits_and_parses(confirm: bool) -> None:
    button = DeleteButton(2**64 - 1, 99_999_999_999, confirm)
    custom_id = button.item.custom_id
    assert custom_id is not None and len(custom_id) <= 100
    match = DeleteButton.__discord_ui_compiled_template__.fullmatch(custom_id)
    assert match and int(match["user"]) == 2**64 - 1 and (match["action"] == "delete") is confirm


def test_small_exports_are_plain_json() -> None:
    file = export_file(7, json.dumps({"attempts": []}))
    assert file is not None and file.filename == "recall-data-7.json"
    assert json.loads(file.fp.read()) == {"attempts": []}


def test_large_exports_are_zipped_and_huge_ones_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mydata_cog, "MAX_UPLOAD_BYTES", 50_000)
    text = json.dumps({"answers": ["teacher and student " * 20] * 200})  # compresses well
    file = export_file(7, text)
    assert file is not None and file.filename == "recall-data-7.zip"
    with zipfile.ZipFile(io.BytesIO(file.fp.read())) as archive:
        assert archive.read("recall-data-7.json").decode() == text
    noise = random.Random(1).randbytes(80_000).hex()  # doesn't compress below the limit
    assert export_file(7, noise) is None


def test_deleted_text_names_what_went() -> None:
    text = deleted_text(DataDeletion({"attempts": 12, "period_scores": 3, "members": 1, "poll_votes": 2}))
    assert text.startswith("Done: everything about you is deleted (12 answers, 3 leaderboard entries")
    assert "2 poll votes" in text and "1 setting)" in text  # one setting, said in the singular
    assert "nothing to delete" in deleted_text(DataDeletion({}))
