"""Which catalogue answers a Discord locale (the mapping fixed by issue 18); English is the source."""

from __future__ import annotations

SOURCE_LANGUAGE = "en"
CATALOGUE_LANGUAGES = ("es", "de", "pt-BR", "fr", "ja")

_BY_LOCALE = {
    "es-ES": "es",
    "es-419": "es",
    "pt-BR": "pt-BR",
    "de": "de",
    "fr": "fr",
    "ja": "ja",
}


def catalogue_language(locale: str) -> str | None:
    """The catalogue for a Discord locale code (`es-419`, `pt-BR`, ...), or None: English, the source."""
    return _BY_LOCALE.get(locale)


def locales_of(language: str) -> tuple[str, ...]:
    """The Discord locale codes one catalogue serves (es serves both Spanish locales)."""
    return tuple(sorted(code for code, served in _BY_LOCALE.items() if served == language))
