"""`jpki up`'s log: one line per request at info, times in JST, nothing else unless it matters.

A newcomer watching the terminal sees each page and API call as it happens (`bank GET /login
200 12 ms`) and no tracebacks for conditions the services expect (a wrong PIN, a refused
request: those are answers, not faults). The query string is never logged: it carries one-time
codes, states and wallet links.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import IO, Any

from jpki.clock import JST

log = logging.getLogger("jpki.requests")


class RequestLog:
    """An ASGI app logging one line per HTTP request it answers, named by its service."""

    def __init__(self, app: Any, service: str) -> None:
        self.app, self.service = app, service

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def sending(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            log.info(
                "%s %s %s %d %.0f ms",
                self.service, scope["method"], scope["path"], status, elapsed,
            )  # fmt: skip


class JstFormatter(logging.Formatter):
    """Log records stamped in Japan Standard Time, labelled as such."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return dt.datetime.fromtimestamp(record.created, JST).strftime("%Y-%m-%d %H:%M:%S JST")


def log_to(stream: IO[str]) -> None:
    """Send jpki's records to `stream`: the request lines and jpki's own at info, every other
    library's from warning up."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JstFormatter("%(asctime)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("jpki").setLevel(logging.INFO)


__all__ = ["JstFormatter", "RequestLog", "log_to"]
