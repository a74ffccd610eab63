"""The terminal's language from its locale variables, the POSIX way (`bot.i18n.languages.terminal_language`)."""

from __future__ import annotations

import pytest

from bot.i18n.languages import terminal_language


@pytest.mark.parametrize(("locale", "language"), [
    ("es_ES.UTF-8", "es"),
    ("es_MX", "es"),
    ("pt_BR.UTF-8", "pt-BR"),
    ("pt_PT.UTF-8", "pt-BR"),
    ("de_DE", "de"),
    ("de_AT.ISO-8859-1@euro", "de"),
    ("fr_CA", "fr"),
    ("fr", "fr"),
    ("ja_JP.UTF-8", "ja"),
    ("C", "en"),
    ("C.UTF-8", "en"),
    ("POSIX", "en"),
    ("en_GB.UTF-8", "en"),
    ("it_IT.UTF-8", "en"),
    ("", "en"),
])
def test_a_locale_names_its_catalogue(locale: str, language: str) -> None:
    assert terminal_language({"LANG": locale}) == language


def test_nothing_set_is_english() -> None:
    assert terminal_language({}) == "en"


def test_lc_all_outranks_lc_messages_which_outranks_lang() -> None:
    every = {"LC_ALL": "fr_FR.UTF-8", "LC_MESSAGES": "de_DE.UTF-8", "LANG": "es_ES.UTF-8"}
    assert terminal_language(every) == "fr"
    assert terminal_language({**every, "LC_ALL": ""}) == "de"
    assert terminal_language({"LC_MESSAGES": "de_DE.UTF-8", "LANG": "es_ES.UTF-8"}) == "de"
    assert terminal_language({"LC_ALL": "C", "LANG": "es_ES.UTF-8"}) == "en"  # C is English, not "unset"
