"""Register slash commands only when their definitions changed (Discord allows 200 creates a day).

The hash of the exact JSON discord.py would send (with the translator's localizations) is kept in a
small file next to the database, one entry per target (global, or a development server) and
application: the database schema belongs to the storage layer and this is deployment state, not
study data. A failed sync stores nothing, so the next start tries again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

import discord
from discord import app_commands

log = logging.getLogger("recall.sync")


async def definitions_hash(tree: app_commands.CommandTree, guild: discord.abc.Snowflake | None) -> str:
    """Of the payload `tree.sync` sends: with a translator, the translated one (its localizations count)."""
    commands = tree.get_commands(guild=guild)
    translator = tree.translator
    if translator is None:
        payload = [command.to_dict(tree) for command in commands]
    else:
        payload = [await command.get_translated_payload(tree, translator) for command in commands]
    payload.sort(key=lambda c: c["name"])
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def hash_file_for(database_path: Path | None) -> Path | None:
    return None if database_path is None else database_path.with_name(database_path.name + ".commands.json")


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write(path: Path, data: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


async def sync_if_changed(
    tree: app_commands.CommandTree, application_id: int, hash_file: Path | None, dev_guild_id: int | None
) -> bool:
    """Sync when the definitions differ from the last successful sync; returns whether it synced."""
    guild = discord.Object(dev_guild_id) if dev_guild_id else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    target = f"{application_id}:{'guild:' + str(dev_guild_id) if guild else 'global'}"
    digest = await definitions_hash(tree, guild)
    known = _read(hash_file) if hash_file else {}
    if known.get(target) == digest:
        log.info("slash commands unchanged (%s), not syncing", target)
        return False
    try:
        synced = await tree.sync(guild=guild)
    except discord.HTTPException as error:
        log.warning("could not register slash commands (%s %s); will retry at next start", error.status, error.code)
        return False
    log.info("registered %d slash commands (%s)", len(synced), target)
    if hash_file is not None:
        known[target] = digest
        try:
            _write(hash_file, known)
        except OSError as error:
            log.warning("could not remember the command hash in %s: %s", hash_file, error)
    return True
