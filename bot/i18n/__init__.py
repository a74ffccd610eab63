"""Message catalogues: the `.po` files under `locales/<language>/LC_MESSAGES/`, read at run time with Babel.

No Discord here: `bot/app/translator.py` adapts these catalogues to discord.py's command translator.
"""
