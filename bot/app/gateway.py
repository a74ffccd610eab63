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


def point_rest_at(api_base: str, cdn_base: str | None = None) -> None:
    """Before login: REST goes to `api_base` (e.g. http://127.0.0.1:8080/api/v10), and asset URLs to
    `cdn_base` (default: `/cdn` on the same server, as the test fake serves it)."""
    Route.BASE = api_base.rstrip("/")
    if cdn_base is None:
        parsed = urlparse(api_base)
        root = parsed.path.split("/api", 1)[0] if "/api" in parsed.path else parsed.path.rstrip("/")
        cdn_base = f"{parsed.scheme}://{parsed.netloc}{root}/cdn"
    discord.asset.Asset.BASE = cdn_base.rstrip("/")


async def use_server_gateway(client: discord.Client) -> str:
    """After login: ask the server for its gateway and make it discord.py's default."""
    data = await client.http.request(Route("GET", "/gateway/bot"))
    url = data["url"] if isinstance(data, dict) else None
    if not isinstance(url, str) or not url.startswith(("ws://", "wss://")):
        raise discord.GatewayNotFound()
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
    return url
