"""The Discord adapter's features, one package each: `cog.py` (slash commands), `views.py` (stateless
`DynamicItem` buttons and form handlers), `embeds.py` (how things look), and `setup(bot)` in
`__init__.py`, which registers the cog, its buttons and its forms. Each turns one interaction into one
service call and its result into one reply."""
