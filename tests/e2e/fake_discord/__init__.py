"""A fake Discord (gateway websocket + REST) on 127.0.0.1 for end-to-end tests of an unmodified
discord.py 2.7 bot. The protocol facts it follows are listed in tests/e2e/README.md."""

from .results import InteractionResult, InteractionTimeout
from .server import FakeDiscord
from .store import ADMINISTRATOR, MANAGE_GUILD

__all__ = ["ADMINISTRATOR", "MANAGE_GUILD", "FakeDiscord", "InteractionResult", "InteractionTimeout"]
