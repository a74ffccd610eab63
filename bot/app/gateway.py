"""Pointing discord.py at a Discord-compatible server (the end-to-end fake, or a self-hosted one).

discord.py reads three class attributes: the REST base (per request), the default gateway (at connect
and after an invalidated session) and the CDN base. They are set before login; the gateway URL is
asked of the server itself (`GET /gateway/bot`) once logged in, as Discord documents it.
"""

from __future__ import annotations

from urllib.parse import urlparse

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route


def point_rest_at(api_base: str) -> None:
    """Before login: REST and CDN go to `api_base` (e.g. http://127.0.0.1:8080/api/v10)."""
    Route.BASE = api_base.rstrip("/")
    parsed = urlparse(api_base)
    discord.asset.Asset.BASE = f"{parsed.scheme}://{parsed.netloc}"


async def use_server_gateway(client: discord.Client) -> str:
    """After login: ask the server for its gateway and make it discord.py's default."""
    data = await client.http.request(Route("GET", "/gateway/bot"))
    url = data["url"] if isinstance(data, dict) else None
    if not isinstance(url, str) or not url.startswith(("ws://", "wss://")):
        raise discord.GatewayNotFound()
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
    return url
