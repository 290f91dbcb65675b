"""Runs ASGI services on loopback, each on its own pre-bound socket, in one event loop.

Binding the sockets first means the URLs are known (and printed) before the servers start,
even when the ports are chosen by the operating system.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import socket
import ssl
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import uvicorn
import uvloop
from uvicorn.protocols.http.h11_impl import H11Protocol

from jpki.stopping import GRACE_SECONDS, stop_on_signals

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


def url_of(sock: socket.socket, *, tls: bool = False) -> str:
    host, port = sock.getsockname()[:2]
    scheme = "https" if tls else "http"
    return f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"


@dataclasses.dataclass(frozen=True)
class TlsFiles:
    """TLS for one service: its certificate and key, and the CA whose client certificates it
    asks for (mutual TLS; a client without one may still use an API key)."""

    certificate: Path
    key: Path
    client_ca: Path | None = None
    require_client: bool = False
    """Refuse the handshake without a client certificate from `client_ca`. The connection is
    then held to TLS 1.2: a My Number card signs with PKCS#1 v1.5 only, and TLS 1.3's
    CertificateVerify needs RSA-PSS (RFC 8446 4.4.3), so a card could never authenticate."""


class ClientCertificateProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, passing the TLS client certificate to the app as the ASGI
    TLS extension (`scope["extensions"]["tls"]["client_cert_chain"]`, PEM), which uvicorn
    itself does not fill in."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        if not der:
            return
        chain = [ssl.DER_cert_to_PEM_cert(der)]
        app = self.app

        async def with_client_certificate(scope: Any, receive: Any, send: Any) -> None:
            scope.setdefault("extensions", {})["tls"] = {"client_cert_chain": chain}
            await app(scope, receive, send)

        self.app = with_client_certificate  # type: ignore[assignment]


def _config(app: ASGIApp, tls: TlsFiles | None) -> uvicorn.Config:
    options: dict[str, Any] = {
        "log_level": "warning",
        "access_log": False,
        "lifespan": "on",
        # A request still in hand when a stop signal comes (a client that sent half a body)
        # is cut off after this, so the command is gone within 2 seconds of the signal.
        "timeout_graceful_shutdown": GRACE_SECONDS,
    }
    if tls is not None:
        options |= {
            "ssl_certfile": str(tls.certificate),
            "ssl_keyfile": str(tls.key),
            "http": ClientCertificateProtocol,
        }
        if tls.client_ca is not None:
            required = ssl.CERT_REQUIRED if tls.require_client else ssl.CERT_OPTIONAL
            options |= {"ssl_ca_certs": str(tls.client_ca), "ssl_cert_reqs": required}
    config = uvicorn.Config(app, **options)
    if tls is not None and tls.require_client:
        config.load()
        assert config.ssl is not None
        config.ssl.maximum_version = ssl.TLSVersion.TLSv1_2
    return config


class _Server(uvicorn.Server):
    """A uvicorn server that leaves the signals to `serve_sockets`: uvicorn would install a
    handler per server, each stopping only itself and re-raising the signal to the next, and
    none at all where the parent ignored SIGINT."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve_sockets(
    apps: Mapping[str, tuple[ASGIApp, socket.socket]],
    tls: Mapping[str, TlsFiles] | None = None,
) -> None:
    """Serve every (app, socket) until SIGINT or SIGTERM; stops all of them together, giving
    requests in hand `GRACE_SECONDS` to finish (a second signal cuts them off at once)."""
    servers = [_Server(_config(app, (tls or {}).get(name))) for name, (app, _) in apps.items()]

    def stop(signum: int) -> None:
        for server in servers:
            server.force_exit = server.should_exit
            server.should_exit = True

    with stop_on_signals(stop):
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
    tls: Mapping[str, TlsFiles] | None = None,
) -> None:
    """Blocking: print-or-report the URLs, then serve until SIGINT (Ctrl-C) or SIGTERM."""
    if on_ready is not None:
        on_ready({name: url_of(sock, tls=name in (tls or {})) for name, (_, sock) in apps.items()})
    # Everything loaded so far lives as long as the process: freezing it keeps the collector
    # from walking it again, in every full collection while serving and in the one at exit
    # (without it, exiting `jpki up` spends over a second collecting).
    gc.freeze()
    # uvloop, as uvicorn would pick itself: asyncio.run alone gives the pure-Python selector
    # loop, markedly slower on the OCSP path.
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(serve_sockets(apps, tls))


__all__ = ["ClientCertificateProtocol", "TlsFiles", "bind", "serve", "serve_sockets", "url_of"]
