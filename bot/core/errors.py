"""Errors a member or an admin may see: each carries a message that is safe to show as is.

They live in the core because storage (below the services) raises the storage ones.

The Discord error layer and the terminal print `str(error)` (or `error.user_message`) for any
`RecallError`; anything else is a bug, logged with its traceback.
"""

from __future__ import annotations


class RecallError(Exception):
    """A problem explained in words a member understands; `user_message` is safe to show.

    `template` is the English message as marked for the catalogues (`N_`), `params` what fills its
    placeholders: an adapter shows it in its reader's language (`bot.i18n.voice.say_error`). Without
    params the message is shown as given (it may hold braces).
    """

    def __init__(self, user_message: str, /, **params: object) -> None:
        text = user_message.format(**params) if params else user_message
        super().__init__(text)
        self.user_message = text
        self.template = user_message
        self.params = params


class StorageError(RecallError):
    """The database can't be used (corrupt, read-only, full disk, newer schema, locked, unreachable)."""


class DatabaseCorrupt(StorageError):
    pass


class DatabaseReadOnly(StorageError):
    pass


class DiskFull(StorageError):
    pass


class DatabaseTooNew(StorageError):
    pass


class DatabaseBusy(StorageError):
    pass


class BadDatabaseUrl(StorageError):
    pass


class UnknownCard(RecallError):
    """A (deck, card) pair that no loaded deck has (deleted deck, stale button)."""


class InvalidAnswer(RecallError):
    """An answer that doesn't fit the card (option index out of range, wrong card kind)."""


class InvalidTimezone(RecallError):
    pass


class InvalidSetting(RecallError):
    pass


class NotAppealable(RecallError):
    """Only the member's own open answers can be appealed."""
