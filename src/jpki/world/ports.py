"""The addresses `jpki up` serves at, chosen once and kept in the data folder.

Ports used to change on every start, and with them the IdP's issuer, every registered redirect
URI and every bookmark. The first start binds free ports (or `--port N` and the next ones) and
writes them to `<data>/ports.json`; later starts bind the same addresses. `--port N` chooses
anew (and is kept); a kept address that another program took is refused by name, never with a
traceback.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Mapping
from pathlib import Path

from jpki.files import atomic_write
from jpki.profile.errors import JpkiError
from jpki.world.serving import bind

PORTS_FILE = "ports.json"


class PortTaken(JpkiError):
    """A service's address is used by another program."""


def kept(data_dir: Path) -> dict[str, str]:
    """The addresses kept from the last start (`name -> host:port`); none when there are none
    or the file is not ours."""
    try:
        loaded = json.loads((data_dir / PORTS_FILE).read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {str(name): str(address) for name, address in loaded.items()}


def bind_all(data_dir: Path, hosts: Mapping[str, str], first_port: int) -> dict[str, socket.socket]:
    """A listening socket for each service `name -> host`: at its kept address when it has one
    on that host and no `first_port` was asked for, else at `first_port` + its position (or a
    free port for 0). The addresses bound are kept for the next start."""
    before = {} if first_port else kept(data_dir)
    bound: dict[str, socket.socket] = {}
    try:
        for offset, (name, host) in enumerate(hosts.items()):
            kept_host, _, kept_port = before.get(name, "").rpartition(":")
            port = int(kept_port) if kept_host == host and kept_port.isdigit() else 0
            port = first_port + offset if first_port else port
            bound[name] = _bound(name, host, port, data_dir)
    except BaseException:
        for sock in bound.values():
            sock.close()
        raise
    addresses = {name: _address(sock) for name, sock in bound.items()}
    atomic_write(data_dir / PORTS_FILE, json.dumps(addresses, indent=1).encode())
    return bound


def _bound(name: str, host: str, port: int, data_dir: Path) -> socket.socket:
    try:
        return bind(host, port)
    except OSError as error:
        raise PortTaken(
            f"{host}:{port} ({name}) cannot be served: {error.strerror}. Stop the program "
            f"that uses it, or choose other ports with --port N (kept in {data_dir / PORTS_FILE})"
            f" / {host}:{port} ({name}) を使えません。--port N で別のポートを指定できます"
        ) from None


def _address(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"{host}:{port}"


__all__ = ["PORTS_FILE", "PortTaken", "bind_all", "kept"]
