"""Marking a message for translation where it is written, without translating it there.

The core and the services don't know who reads them, so they can't pick a language: they mark the
English text (`N_`) and keep its placeholders apart (`RecallError(N_("... {deck} ..."), deck=...)`); the
adapter that shows it translates it for its reader (`bot.i18n.voice.say_error`). The catalogue tools find
every `N_("...")` by reading the source, so the argument must be a literal.

A text that is returned or collected rather than raised (a deck file's problems, a form's label) is a
`Marked`: a `str` holding the English text, so code and tests that read English keep working, that also
carries its template and params for the adapter to translate (`say_marked(text.template, **text.params)`).
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:  # gettext's name for "mark, don't translate here"
    return message


def english(template: str, params: dict[str, Any]) -> str:
    """`template` filled as `say` fills it in English: whole numbers of 1,000 and more grouped."""
    if not params:
        return template
    shown = {name: f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value
             for name, value in params.items()}
    return template.format_map(shown)


class Marked(str):
    """English text (the `str` itself) that remembers the marked template and params it was filled from.

    Pass ids and line numbers as `str` (they are not numbers to group); a param may itself be `Marked`
    (translated with the text that holds it)."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Marked:
        text = super().__new__(cls, english(template, params))
        text.template = template
        text.params = params
        return text

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:
        return (self.template,), self.params

    def __getstate__(self) -> None:
        return None  # all of it is in the arguments above


def plain(text: str) -> Marked:
    """Text that is the same in every language (a file name, a value quoted as is) where `Marked` is expected."""
    return Marked("{text}", text=text)



def joined(texts: list[Marked], separator: str = "; ") -> Marked:
    """Texts one after another ("a; b; c"), each still translatable (the separator is not a word)."""
    if not texts:
        return plain("")
    result = texts[-1]
    for text in reversed(texts[:-1]):
        result = Marked("{first}" + separator.replace("{", "{{").replace("}", "}}") + "{rest}", first=text,
                        rest=result)
    return result


def to_data(text: str) -> object:
    """A text as JSON-ready data that `from_data` reads back: a `Marked` keeps its template and params."""
    if not isinstance(text, Marked):
        return str(text)
    return {"template": text.template, "params": {name: to_data(value) if isinstance(value, str) else value
                                                  for name, value in text.params.items()}}


def from_data(data: object, depth: int = 0) -> str:
    """The text `to_data` wrote; ValueError for anything else (it may come from another process)."""
    if isinstance(data, str):
        return data
    if not isinstance(data, dict) or set(data) != {"template", "params"} or depth > 8:
        raise ValueError("not a text")
    template, params = data["template"], data["params"]
    if not isinstance(template, str) or not isinstance(params, dict):
        raise ValueError("not a text")
    values: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, str, dict)):
            raise ValueError("not a text")
        values[str(name)] = value if isinstance(value, (int, float)) else from_data(value, depth + 1)
    try:
        return Marked(template, **values)
    except (KeyError, IndexError, ValueError, AttributeError) as error:
        raise ValueError("not a text") from error
