"""The request-body limit every party's ASGI app sits behind (本文サイズ制限), as plain ASGI
middleware so it sees the body as it arrives.

A limit that reads Content-Length alone lets a chunked body through: 300 MB chunked to the
platform took the process from 252 to 1,106 MB before the key check refused it. Here the bytes
of every `http.request` message are counted as they come; past the limit the client gets a 413
at once, with `Connection: close`, and the rest is never read. A body trickling in is cut off
too (408) once `seconds` have passed since the request began, so a slow client cannot hold a
request open forever. Nothing else is touched: the scope (with `extensions.tls`, the client
certificate that mTLS routes read) and streaming responses pass through as they are.
"""

from __future__ import annotations

import json
import math

import anyio
from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BODY_SECONDS = 30.0
"""How long a request body may take to arrive in full (8 MiB in 30 s: 280 KB/s at least)."""

_DISCONNECT: Message = {"type": "http.disconnect"}


async def refuse(send: Send, status: int, error: str) -> None:
    """Answer `{"error": error}` with `status` and close the connection (the client may still
    be sending a body nobody will read)."""
    body = json.dumps({"error": error}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse (413) a request whose body is, or is declared to be, larger than `limit` bytes,
    and (408) one whose body has not arrived within `seconds`."""

    def __init__(self, app: ASGIApp, limit: int, seconds: float = BODY_SECONDS) -> None:
        self.app = app
        self.limit = limit
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await refuse(send, 413, "request body too large")
            return
        body = _CountedBody(receive, send, self.limit, anyio.current_time() + self.seconds)
        try:
            await self.app(scope, body.receive, body.send)
        except ClientDisconnect:
            # What the app makes of the disconnect it was handed once the body was refused.
            if not body.refused:
                raise


class _CountedBody:
    """One request's `receive` and `send`, counting the body and answering for the app once
    the body is refused (the app, told the client is gone, may still try to answer)."""

    def __init__(self, receive: Receive, send: Send, limit: int, deadline: float) -> None:
        self._receive, self._send = receive, send
        self._limit, self._deadline = limit, deadline
        self._received = 0
        self._body_done = False
        self._started = False
        self.refused = False

    async def receive(self) -> Message:
        if self.refused:
            return _DISCONNECT
        if self._body_done:
            return await self._receive()
        message: Message | None = None
        # Once the app has begun answering, the body's time is the app's business.
        with anyio.move_on_after(
            math.inf if self._started else self._deadline - anyio.current_time()
        ):
            message = await self._receive()
        if message is None:
            return await self._refuse(408, "request body too slow")
        if message["type"] == "http.request":
            self._body_done = not message.get("more_body", False)
            self._received += len(message.get("body", b""))
            if self._received > self._limit:
                return await self._refuse(413, "request body too large")
        return message

    async def _refuse(self, status: int, error: str) -> Message:
        self.refused = True
        if not self._started:
            self._started = True
            await refuse(self._send, status, error)
        return _DISCONNECT

    async def send(self, message: Message) -> None:
        if self.refused:
            return
        if message["type"] == "http.response.start":
            self._started = True
        await self._send(message)


__all__ = ["BODY_SECONDS", "BodyLimit", "refuse"]
