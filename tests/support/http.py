"""An HTTP client on the real app, with its lifespan, on the test's own event loop.

Litestar's test clients run the lifespan on a separate loop, where an asyncpg
pool would be bound to the wrong loop; ASGITransport plus the app's own
lifespan keeps everything on one loop, over the same ASGI stack.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from app import app, lifespan


@asynccontextmanager
async def http_client() -> AsyncIterator[httpx.AsyncClient]:
    async with lifespan(app):
        async with client_at("127.0.0.1") as client:
            yield client


def client_at(address: str) -> httpx.AsyncClient:
    """A client whose connection comes from `address`; inside http_client's
    lifespan (the `client` fixture), for requests from several places at once."""
    transport = httpx.ASGITransport(app=app, client=(address, 123))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")
