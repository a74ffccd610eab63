"""The locale mapping fixed by issue 18: both Spanish locales share es, English and the rest get none."""

from __future__ import annotations

import discord
import pytest

from bot.i18n.languages import CATALOGUE_LANGUAGES, catalogue_language, locales_of


@pytest.mark.parametrize(("locale", "language"), [
    ("es-ES", "es"), ("es-419", "es"), ("pt-BR", "pt-BR"), ("de", "de"), ("fr", "fr"), ("ja", "ja"),
    ("en-US", None), ("en-GB", None), ("it", None), ("ko", None), ("zh-CN", None), ("", None),
])
def test_locale_to_catalogue(locale: str, language: str | None) -> None:
    assert catalogue_language(locale) == language


def test_every_mapped_locale_is_one_discord_knows() -> None:
    known = {locale.value for locale in discord.Locale}
    served = [code for language in CATALOGUE_LANGUAGES for code in locales_of(language)]
    assert sorted(served) == ["de", "es-419", "es-ES", "fr", "ja", "pt-BR"]
    assert set(served) <= known
