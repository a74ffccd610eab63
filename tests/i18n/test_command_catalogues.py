"""Every command, group, option and choice string the bot registers is in each catalogue (es, de,
pt-BR, fr, ja), keeps the English one's placeholders and literal keywords, and obeys Discord's rules:
names lowercase, 1-32 letters, digits, '-' or '_' and unique among siblings; descriptions 1-100."""

from __future__ import annotations

import asyncio
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from bot.app.translator import CatalogueTranslator
from bot.i18n.catalogues import COMMANDS_DOMAIN, catalogue_path, read_messages
from bot.i18n.languages import CATALOGUE_LANGUAGES, locales_of
from tests.i18n.command_tree import asked_strings_of_the_bot, loaded_bot, translated_payloads

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[a-z]|%[a-z]")
LITERAL = re.compile(r"`[^`]+`")  # typed as is (`default`, `clear`): never translated
ALL_LOCALES = {code for language in CATALOGUE_LANGUAGES for code in locales_of(language)}


def name_problem(name: str) -> str | None:
    """Discord's `^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`, lowercase; None when the name is valid."""
    if not 1 <= len(name) <= 32:
        return "not 1-32 characters"
    if name != name.lower():
        return "not lowercase"
    for char in name:
        devanagari_or_thai = "\u0900" <= char <= "\u097f" or "\u0e00" <= char <= "\u0e7f"
        if char not in "-_" and unicodedata.category(char)[0] not in "LN" and not devanagari_or_thai:
            return f"{char!r} is not a letter, digit, '-' or '_'"
    return None


def entry_problems(context: str, english: str, translation: str) -> list[str]:
    problems = []
    extra = set(PLACEHOLDER.findall(translation)) - set(PLACEHOLDER.findall(english))
    if extra:
        problems.append(f"placeholders the English lacks: {sorted(extra)}")
    if sorted(LITERAL.findall(translation)) != sorted(LITERAL.findall(english)):
        problems.append(f"literal keywords changed: {LITERAL.findall(english)} -> {LITERAL.findall(translation)}")
    if context == "name":
        problem = name_problem(translation)
        if problem:
            problems.append(f"name {problem}")
    elif not 1 <= len(translation) <= 100:
        problems.append(f"{len(translation)} characters (1-100)")
    return problems


def catalogue(language: str) -> dict[tuple[str | None, str], str]:
    return read_messages(catalogue_path(language, COMMANDS_DOMAIN))


@pytest.fixture(scope="module")
def asked(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    return asyncio.run(asked_strings_of_the_bot(tmp_path_factory.mktemp("tree")))


def test_the_tree_asks_for_names_descriptions_and_choices(asked: set[tuple[str, str]]) -> None:
    assert {("name", "flashcard"), ("name", "rewards"), ("name", "remove_on_break"),  # /settings rewards joins late
            ("description", "Which deck"), ("choice", "mixed")} <= asked
    assert len(asked) > 150


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_the_catalogue_has_every_command_string_and_no_stale_one(language: str,
                                                                        asked: set[tuple[str, str]]) -> None:
    found = set(catalogue(language))
    assert sorted(asked - found) == [], f"{language} lacks these (context, English) messages"
    assert sorted(found - asked) == [], f"{language} has messages no command uses any more"


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_every_entry_keeps_placeholders_and_discord_rules(language: str) -> None:
    problems = [f"{context} {english!r} -> {translation!r}: {problem}"
                for (context, english), translation in catalogue(language).items()
                for problem in entry_problems(str(context), english, translation)]
    assert problems == []


def test_the_checks_see_bad_entries(tmp_path: Path) -> None:
    assert entry_problems("description", "Which deck", "Qué mazo {deck}") == ["placeholders the English lacks: ['{deck}']"]
    assert entry_problems("description", "or `clear`", "o `borrar`")[0].startswith("literal keywords changed")
    assert entry_problems("description", "Which deck", "x" * 101) == ["101 characters (1-100)"]
    assert name_problem("Mazo") == "not lowercase"
    assert name_problem("mis datos") == "' ' is not a letter, digit, '-' or '_'"
    assert name_problem("デッキ・一覧") == "'・' is not a letter, digit, '-' or '_'"
    assert name_problem("x" * 33) == "not 1-32 characters"
    assert name_problem("inicio-del-día") is None and name_problem("フラッシュカード") is None
    assert name_problem("เด็ค") is None and name_problem("डेक") is None  # Thai and Devanagari marks allowed
    po = tmp_path / "commands.po"
    po.write_text('msgctxt "name"\nmsgid "deck"\nmsgstr "mazo"\n\n#, fuzzy\nmsgctxt "name"\nmsgid "help"\n'
                  'msgstr "ayuda"\n\nmsgctxt "name"\nmsgid "quiz"\nmsgstr ""\n', encoding="utf-8")
    assert read_messages(po) == {("name", "deck"): "mazo"}  # fuzzy and empty entries count as missing


def walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(found for child in node.get("options") or [] for found in walk(child))]


def siblings(payloads: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    groups = [payloads]
    for node in (found for payload in payloads for found in walk(payload)):
        if node.get("options"):
            groups.append(node["options"])
    return groups


async def test_the_translated_payload_localizes_everything_validly(tmp_path: Path) -> None:
    async with loaded_bot(tmp_path) as bot:
        payloads = await translated_payloads(bot, CatalogueTranslator())
    for node in (found for payload in payloads for found in walk(payload)):
        assert set(node["name_localizations"]) == ALL_LOCALES, node["name"]
        if "description_localizations" in node and any(ch.isalpha() for ch in node["description"]):
            assert set(node["description_localizations"]) == ALL_LOCALES, node["name"]
        for choice in node.get("choices") or []:
            if any(ch.isalpha() for ch in choice["name"]):
                assert set(choice["name_localizations"]) == ALL_LOCALES, choice["name"]
    for group in siblings(payloads):
        for locale in ALL_LOCALES:
            names = [node.get("name_localizations", {}).get(locale, node["name"]) for node in group]
            assert len(names) == len(set(names)), (locale, sorted(names))
    flashcard = next(payload for payload in payloads if payload["name"] == "flashcard")
    assert flashcard["name_localizations"]["es-ES"] == flashcard["name_localizations"]["es-419"] == "tarjeta"
    assert flashcard["name_localizations"]["ja"] == "フラッシュカード"


COMMAND_REFERENCE = re.compile(r"/([a-z-]+)(?: ([a-z-]+))?")


def localized_paths(payloads: list[dict[str, Any]], locale: str) -> dict[str, str]:
    """English command path ('deck queue') -> the path a member with `locale` types ('mazo cola')."""
    def local(node: dict[str, Any]) -> str:
        return str(node.get("name_localizations", {}).get(locale, node["name"]))

    paths = {}
    for command in payloads:
        paths[command["name"]] = local(command)
        for sub in command.get("options") or []:
            if sub["type"] in (1, 2):  # subcommand, subcommand group
                paths[f"{command['name']} {sub['name']}"] = f"{local(command)} {local(sub)}"
    return paths


async def test_descriptions_name_commands_as_the_member_sees_them(tmp_path: Path) -> None:
    """'(see /schedule list)' reads '(ver /programa lista)' for a Spanish client: the names it shows."""
    async with loaded_bot(tmp_path) as bot:
        payloads = await translated_payloads(bot, CatalogueTranslator())
    checked = 0
    for locale in ALL_LOCALES:
        paths = localized_paths(payloads, locale)
        for node in (found for payload in payloads for found in walk(payload)):
            translated = node.get("description_localizations", {}).get(locale)
            for first, second in COMMAND_REFERENCE.findall(node.get("description", "")) if translated else ():
                english = f"{first} {second}" if f"{first} {second}" in paths else first
                if english in paths:
                    assert f"/{paths[english]}" in translated, (locale, node["description"], translated)
                    checked += 1
    assert checked >= 5 * len(ALL_LOCALES)
