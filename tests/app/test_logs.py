import logging

from bot.app.logs import REDACTED, RedactingFilter


def record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("x", logging.ERROR, __file__, 1, message, args, exc_info)


def test_the_configured_token_and_token_shapes_are_redacted() -> None:
    secret = "not-shaped-like-a-token"
    shaped = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123"
    redacting = RedactingFilter([secret])
    line = record("login with %s and %s", secret, shaped)
    assert redacting.filter(line)
    assert line.getMessage() == f"login with {REDACTED} and {REDACTED}"


def test_tracebacks_are_redacted() -> None:
    secret = "my-secret-value"
    try:
        raise ValueError(f"bad token {secret}")
    except ValueError as error:
        line = record("failed", exc=error)
    RedactingFilter([secret]).filter(line)
    formatted = logging.Formatter().format(line)
    assert secret not in formatted and REDACTED in formatted and "ValueError" in formatted
