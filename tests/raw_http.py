"""HTTP/1.1 spoken by hand over a socket, for probes no well-behaved client would send:
chunked bodies without end, bad chunk sizes, bodies trickling in, headers of 100 KB."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit


def rss_kib(pid: int) -> int:
    """The resident set size of process `pid` in KiB (Linux `/proc/<pid>/status`)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise LookupError("no VmRSS")


def request_head(url: str, method: str, path: str, headers: dict[str, str]) -> bytes:
    host = urlsplit(url).netloc
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def chunked(body: bytes) -> bytes:
    """`body` as one chunk, and the last chunk."""
    return f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"


def exchange(
    url: str,
    parts: Iterable[bytes],
    pause: float = 0.0,
    hang_up: bool = False,
    timeout: float = 20.0,
) -> int | None:
    """Send `parts` (waiting `pause` seconds between them), shut the sending side if
    `hang_up` (a request cut off mid-body), and read the answer: its status, or None when the
    server closed the connection without one. Stops sending once the server has answered or
    closed (a refused body is not read to its end)."""
    parsed = urlsplit(url)
    with socket.create_connection((parsed.hostname, parsed.port), timeout=timeout) as sock:
        try:
            for part in parts:
                sock.sendall(part)
                if pause:
                    time.sleep(pause)
            if hang_up:
                sock.shutdown(socket.SHUT_WR)
        except OSError:  # refused and closed (or no longer read) mid-body
            pass
        try:
            head = b""
            while b"\r\n" not in head:
                data = sock.recv(4096)
                if not data:
                    break
                head += data
        except (ConnectionResetError, TimeoutError):
            return None
    if not head.startswith(b"HTTP/1.1 "):
        return None
    return int(head.split()[1])


__all__ = ["chunked", "exchange", "request_head", "rss_kib"]
