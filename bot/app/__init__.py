"""The Discord front end: `python -m bot` (or `python -m bot run`).

Start-up, in `runner.py`: settings (environment, then `.env`) -> logging (token redacted) -> the
one-instance lock beside the database -> decks -> services (migrations) -> `RecallBot` (`client.py`).
In `setup_hook`: the gateway URL from `GET {DISCORD_API_BASE}/gateway/bot` when that is set, the
feature cogs of `bot.cogs`, and a command sync only when the definitions' hash differs from the one
stored in `<database>.commands.json` (`sync.py`).

Every slash command passes `RecallTree` (cooldowns, the error layer); every button runs under
`fallback.guarded` (the same error layer); `fallback.FallbackRouter` answers what nothing else would
(stale or foreign buttons, forms opened before a restart are routed to their handlers).
"""
