"""Which catalogue answers a Discord locale (the mapping fixed by issue 18), or a terminal's locale
(`LANG`); English is the source."""

from __future__ import annotations

from collections.abc import Mapping

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


# The terminal's language, read the POSIX way: the first of these set to something non-empty decides.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_BY_POSIX_LANGUAGE = {"es": "es", "de": "de", "pt": "pt-BR", "fr": "fr", "ja": "ja"}


def terminal_language(environ: Mapping[str, str]) -> str:
    """The catalogue for a terminal's locale (`es_ES.UTF-8` -> es, `pt_BR` -> pt-BR), else English.

    `C`, `POSIX`, an unset locale and any language without a catalogue are English. Portuguese from
    anywhere reads the Brazilian catalogue, the only Portuguese one (as Discord has only pt-BR)."""
    value = next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), "")
    language = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
    return _BY_POSIX_LANGUAGE.get(language, SOURCE_LANGUAGE)
