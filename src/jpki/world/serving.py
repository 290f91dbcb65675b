"""Runs ASGI services on loopback, each on its own pre-bound socket, in one event loop.

Binding the sockets first means the URLs are known (and printed) before the servers start,
even when the ports are chosen by the operating system.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable, Mapping
from typing import Any

import uvicorn
import uvloop

ASGIApp = Callable[..., Any]


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on (host, port); port 0 lets the OS choose a free one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must be IPPROTO_TCP: asyncio only sets TCP_NODELAY on accepted sockets whose proto
    # says TCP, and without it keep-alive responses wait ~40 ms for Nagle and delayed ACKs.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


async def serve_sockets(apps: Mapping[str, tuple[ASGIApp, socket.socket]]) -> None:
    """Serve every (app, socket) until interrupted; stops all of them together."""
    servers = [
        uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
        for app, _ in apps.values()
    ]
    tasks = [
        asyncio.create_task(server.serve(sockets=[sock]))
        for server, (_, sock) in zip(servers, apps.values(), strict=True)
    ]
    try:
        await asyncio.gather(*tasks)
    finally:
        for server in servers:
            server.should_exit = True


def serve(
    apps: Mapping[str, tuple[ASGIApp, socket.socket]],
    on_ready: Callable[[dict[str, str]], None] | None = None,
) -> None:
    """Blocking: print-or-report the URLs, then serve until Ctrl-C or SIGTERM."""
    if on_ready is not None:
        on_ready({name: url_of(sock) for name, (_, sock) in apps.items()})
    # uvloop, as uvicorn would pick itself: asyncio.run alone gives the pure-Python selector
    # loop, markedly slower on the OCSP path.
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(serve_sockets(apps))


__all__ = ["bind", "serve", "serve_sockets", "url_of"]
