"""/help lists every slash command the bot registers, subcommands included, in one embed within
Discord's limits, and puts the Manage Server ones under the admin heading."""

from __future__ import annotations

import importlib
import inspect

import pytest
from discord import app_commands
from discord.ext import commands

from bot.app.client import COGS
from bot.cogs.library.embeds import ADMIN_HELP, ADMIN_TITLE, HELP, help_embed
from bot.i18n.languages import CATALOGUE_LANGUAGES, SOURCE_LANGUAGE
from bot.i18n.voice import say_marked, speaking


def registered() -> list[app_commands.Command | app_commands.Group]:
    found = []
    for name in COGS:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, commands.Cog) and cls is not commands.Cog:
                found.extend(cls.__cog_app_commands__)
    return found


def needs_manage_server(command: app_commands.Command | app_commands.Group) -> bool:
    permissions = command.default_permissions
    return permissions is not None and permissions.manage_guild


def test_every_command_and_subcommand_is_listed_where_it_belongs() -> None:
    embed = help_embed()
    (start,) = [index for index, field in enumerate(embed.fields) if field.name == ADMIN_TITLE]
    admin_lines = "\n".join(field.value or "" for field in embed.fields[start:])  # its second field continues it
    everyone = embed.description or ""
    commands_seen = registered()
    assert {"schedule", "settings", "deck", "remind", "help"} <= {c.name for c in commands_seen}
    for command in commands_seen:
        section = admin_lines if needs_manage_server(command) else everyone
        lines = [line for line in section.splitlines() if line.startswith(f"**/{command.name} ")
                 or line.startswith(f"**/{command.name}**")]
        assert lines, f"/{command.name} is missing from its section of /help"
        if isinstance(command, app_commands.Group):
            for sub in command.commands:
                assert any(sub.name in line for line in lines), f"/{command.name} {sub.name} is missing from /help"
    assert "Manage Server" in ADMIN_TITLE


@pytest.mark.parametrize("language", (SOURCE_LANGUAGE, *CATALOGUE_LANGUAGES))
def test_help_fits_one_message_in_every_language(language: str) -> None:
    with speaking(language):
        embed = help_embed()
        title = say_marked(ADMIN_TITLE)
    assert len(embed) <= 6000 and len(embed.description or "") <= 4096 and len(embed.fields) <= 25
    assert all(len(f.value or "") <= 1024 and len(f.name or "") <= 256 for f in embed.fields)
    assert len(embed.footer.text or "") <= 2048 and len(embed.title or "") <= 256
    # Every line is there, in this language (a translated description differs from the English one).
    (start,) = [index for index, field in enumerate(embed.fields) if field.name == title]
    lines = (embed.description or "").splitlines() + [line for f in embed.fields[start:] for line in (f.value or "").splitlines()]
    assert len(lines) == len(HELP) + len(ADMIN_HELP)
    if language != SOURCE_LANGUAGE:
        english = help_embed()
        assert embed.description != english.description and title != ADMIN_TITLE
