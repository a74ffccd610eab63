"""Every message the bot says (`say`, `say_n`, `N_`) is translated in each catalogue (es, de, pt-BR, fr,
ja), with exactly the English placeholders, literal `keywords` and Discord timestamps; one test per
language and part, so a missing translation names its file."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.i18n.extract import BOT, Message, extract, messages_in
from bot.i18n.languages import CATALOGUE_LANGUAGES
from bot.i18n.replies import plural_rule, read_replies, reply_files

PARTS, PROBLEMS = extract()
LITERAL = re.compile(r"`[^`]+`")  # typed as is (`/deck add`, `clear`): never translated
MENTIONS = re.compile(r"<[@#/t:][^>]*>")  # mentions, channels, command links and timestamps


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def shape_problems(english: str, translation: str, *, required: set[str]) -> list[str]:
    problems = []
    try:
        found = placeholders(translation)
    except ValueError as error:
        return [f"not a valid template ({error})"]
    if extra := found - placeholders(english):
        problems.append(f"placeholders the English lacks: {sorted(extra)}")
    if missing := required - found:
        problems.append(f"placeholders missing: {sorted(missing)}")
    if set(LITERAL.findall(translation)) != set(LITERAL.findall(english)):
        problems.append(f"literal keywords changed: {LITERAL.findall(english)} -> {LITERAL.findall(translation)}")
    if set(MENTIONS.findall(translation)) != set(MENTIONS.findall(english)):
        problems.append("a mention, command link or timestamp changed")
    return problems


def catalogue_problems(language: str, messages: dict[str, Message]) -> list[str]:
    replies = read_replies(language)
    forms, _expression = plural_rule(language)
    problems = []
    for english, message in sorted(messages.items()):
        where = f"{message.places[0]} {english!r}"
        if message.plural is None:
            translation = replies.singular.get(english)
            if translation is None:
                problems.append(f"{where}: not translated")
                continue
            problems += [f"{where}: {p}" for p in shape_problems(english, translation, required=placeholders(english))]
        else:
            translated = replies.plural.get(english)
            if translated is None or len(translated) != forms:
                problems.append(f"{where}: not translated in its {forms} plural form(s)")
                continue
            every = placeholders(english) | placeholders(message.plural)
            for form in translated:  # each form holds what both English forms hold (joined: their union)
                problems += [f"{where}: {p}" for p in shape_problems(f"{english}\n{message.plural}", form,
                                                                      required=every - {"count"})]
    return problems


def test_every_message_is_a_literal_sentence() -> None:
    assert PROBLEMS == []


@pytest.mark.parametrize("part", sorted(PARTS))
@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_the_catalogue_translates_every_message(language: str, part: str) -> None:
    assert catalogue_problems(language, PARTS[part]) == []


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_one_english_message_has_one_translation_across_parts(language: str) -> None:
    """The parts' files are one catalogue keyed by the English: two translations of one message would
    leave the reply to whichever file loads last (say it differently in English when the meaning differs)."""
    seen: dict[tuple[str, bool], tuple[str, object]] = {}
    clashes = []
    for path in reply_files(language):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if not message.id or not message.string:
                    continue
                plural = not isinstance(message.id, str)
                key = (str(message.id[0]) if plural else str(message.id), plural)
                value = tuple(message.string) if plural else message.string
                first = seen.setdefault(key, (path.name, value))
                if first[1] != value:
                    clashes.append(f"{key[0]!r}: {first[0]} {first[1]!r} but {path.name} {value!r}")
    assert clashes == []


def test_the_checks_catch_a_missing_translation_and_a_foreign_placeholder(tmp_path: Path) -> None:
    source = tmp_path / "bot" / "cogs" / "demo" / "embeds.py"
    source.parent.mkdir(parents=True)
    source.write_text('say("A sentence no catalogue has, {name}", name=1)\nsay(text)\n', encoding="utf-8")
    found, problems = messages_in(source, tmp_path / "bot")
    assert [message.english for message in found] == ["A sentence no catalogue has, {name}"]
    assert len(problems) == 1 and "literal" in problems[0]
    assert catalogue_problems("es", {found[0].english: found[0]})[0].endswith("not translated")
    assert shape_problems("{n} cards", "{n} tarjetas {extra}", required={"n"}) == [
        "placeholders the English lacks: ['extra']"]
    assert shape_problems("Use `clear` <t:{when}:R>", "Usa `borrar` <t:{when}:R>", required={"when"})[0].startswith(
        "literal keywords changed")
    # a plural's forms are held to both English forms together: a literal in both is one literal
    assert shape_problems("`/decks`: {count} deck\n`/decks`: {count} decks", "`/decks`: {count} mazos",
                          required=set()) == []


def test_the_source_has_messages() -> None:
    assert BOT.name == "bot" and sum(len(messages) for messages in PARTS.values()) > 0
