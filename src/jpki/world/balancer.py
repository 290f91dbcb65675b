"""The load balancer in front of a service's workers: an HAProxy configuration (Debian's
`haproxy` package), written by `deploy/start.sh` and by the tests that drive several workers.

One frontend per service on its public address, one backend listing each worker's own port
(`jpki ... serve --workers N` prints them), balanced round robin:

- **Health checks.** HAProxy asks each worker `GET /healthz` every second
  (`jpki.world.workers`: 200 after a round trip to the database, 503 without one) and takes a
  worker out after two failures, back in after one success.
- **Retries, never twice.** A request is sent again to another worker only when the connection
  to the first failed (`retry-on conn-failure`, HAProxy's default): a request that reached a
  worker is never replayed, because the worker may have committed it (a login, a fee) before
  it died; the caller sees the error and the evidence says what happened.
- **Rolling restarts.** The supervisor keeps each worker's listening socket across a restart,
  so connections queue rather than fail; HAProxy's admin socket (`stats socket`) also lets an
  operator drain one worker (`set server platform/platform-0 state drain`) first.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import urllib.parse
from collections.abc import Sequence
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Backend:
    """One service behind the balancer: where it is published and its workers' URLs."""

    name: str
    listen: str
    """host:port of the public address."""
    workers: tuple[str, ...]
    """Each worker's own URL, e.g. http://127.0.0.1:8101."""


def _address(url: str) -> str:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme != "http" or not parsed.hostname or not parsed.port:
        raise ValueError(f"a worker URL is http://host:port, not {url!r}")
    return f"{parsed.hostname}:{parsed.port}"


def haproxy_config(backends: Sequence[Backend], *, admin_socket: Path | None = None) -> str:
    """The whole haproxy.cfg for `backends`."""
    lines = [
        "# Written by jpki.world.balancer (docs/deploy.md).",
        "global",
        "    maxconn 4096",
    ]
    if admin_socket is not None:
        lines.append(f"    stats socket {admin_socket} mode 600 level admin")
    lines += [
        "",
        "defaults",
        "    mode http",
        "    option http-keep-alive",
        "    timeout connect 2s",
        "    timeout client 60s",
        "    timeout server 60s",
        "    timeout queue 30s",
        "    retries 3",
        "    retry-on conn-failure",
        "    option redispatch",
    ]
    for backend in backends:
        lines += [
            "",
            f"frontend {backend.name}",
            f"    bind {backend.listen}",
            f"    default_backend {backend.name}",
            "",
            f"backend {backend.name}",
            "    balance roundrobin",
            "    option httpchk GET /healthz",
            "    http-check expect status 200",
            "    default-server inter 1s fall 2 rise 1",
        ]
        lines += [
            f"    server {backend.name}-{index} {_address(url)} check"
            for index, url in enumerate(backend.workers)
        ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m jpki.world.balancer BACKENDS.json [--admin-socket PATH]`: the configuration
    for `[{"name": ..., "listen": "host:port", "workers": [url, ...]}, ...]` on stdout."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("backends", type=Path)
    parser.add_argument("--admin-socket", type=Path)
    args = parser.parse_args(argv)
    described = json.loads(args.backends.read_text())
    backends = [Backend(b["name"], b["listen"], tuple(b["workers"])) for b in described]
    sys.stdout.write(haproxy_config(backends, admin_socket=args.admin_socket))


if __name__ == "__main__":
    main()


__all__ = ["Backend", "haproxy_config", "main"]
