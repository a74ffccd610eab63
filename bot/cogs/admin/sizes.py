"""A size in megabytes with one decimal, in the reader's number form ("1.5" in English, "1,5" in German).

`say_number` drops a trailing zero ("1" for 1.0); an upload's size reads better with its one decimal kept,
as the English text always showed it."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

from bot.i18n.replies import babel_locale
from bot.i18n.voice import reply_language

MEGABYTE = 1024 * 1024


def megabytes(size: int) -> str:
    rounded = Decimal(f"{size / MEGABYTE:.1f}")  # rounded as the English text always was, then localized
    return str(format_decimal(rounded, format="#,##0.0", locale=babel_locale(reply_language())))
