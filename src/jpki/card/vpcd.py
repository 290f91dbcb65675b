"""The bridge to pcscd through vsmartcard's virtual reader (Debian package vsmartcard-vpcd).

vpcd is a reader driver inside pcscd that listens on a TCP port (35963 by default) for a
virtual card. Frames in both directions are a 2-byte big-endian length and a payload; a
one-byte payload from vpcd is a control: 00 power off, 01 power on, 02 reset, 04 send the ATR.
Any longer payload is a command APDU, answered with the response APDU. Once attached, every
PC/SC application on the machine (OpenSC, browsers, the JPKI client software) sees a My Number
card in a reader called "Virtual PCD".
"""

from __future__ import annotations

import logging
import socket
import time

from jpki.card.os import Card
from jpki.stopping import StopRequest

log = logging.getLogger(__name__)

DEFAULT_PORT = 35963
DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"


def reader_conf(port: int = DEFAULT_PORT, driver: str = DRIVER) -> str:
    """A reader.conf entry making pcscd's vpcd listen for our card on `port`."""
    return (
        f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:0x{port:04X}\n'
        f"LIBPATH      {driver}\nCHANNELID    0x{port:04X}\n"
    )


POWER_OFF, POWER_ON, RESET, GET_ATR = 0x00, 0x01, 0x02, 0x04


POLL_SECONDS = 0.2
"""How often a blocked receive looks up to see whether a stop was asked for."""
REMIND_SECONDS = 10.0
"""While vpcd cannot be reached, how often to say that we are still trying."""


class _Stopped(Exception):
    """A stop was asked for while waiting on vpcd."""


def _receive_exactly(sock: socket.socket, size: int, stop: StopRequest) -> bytes | None:
    """`size` bytes from vpcd, None if it closed the connection; raises `_Stopped` on a stop,
    even half-way through a frame (vpcd may never send the rest)."""
    data = b""
    while len(data) < size:
        if stop.is_set:
            raise _Stopped
        try:
            chunk = sock.recv(size - len(data))
        except TimeoutError:
            continue
        if not chunk:
            return None
        data += chunk
        _acknowledge_now(sock)
    return data


def _acknowledge_now(sock: socket.socket) -> None:
    """Linux: ACK at once. vpcd writes a frame's length and body separately, so a delayed ACK
    here would hold the body back by Nagle's algorithm (~40 ms per APDU). The flag does not
    stick, hence after every receive."""
    quick_ack = getattr(socket, "TCP_QUICKACK", None)
    if quick_ack is not None:
        sock.setsockopt(socket.IPPROTO_TCP, quick_ack, 1)


def _send_frame(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(len(payload).to_bytes(2) + payload)


def serve_connection(card: Card, sock: socket.socket, stop: StopRequest) -> None:
    """Answer vpcd on one connection until it closes or a stop is asked for. A command APDU in
    hand is answered before stopping, so a PIN counter is never left half-updated."""
    sock.settimeout(POLL_SECONDS)
    try:
        while True:
            header = _receive_exactly(sock, 2, stop)
            if header is None:
                return
            payload = _receive_exactly(sock, int.from_bytes(header), stop)
            if payload is None:
                return
            if len(payload) == 1:
                control = payload[0]
                if control in (POWER_OFF, POWER_ON, RESET):
                    card.reset()
                elif control == GET_ATR:
                    _send_frame(sock, card.atr)
                else:
                    log.warning("unknown vpcd control byte %02X", control)
                continue
            _send_frame(sock, card.transmit(payload))
    except _Stopped:
        return


def attach(
    card: Card,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    *,
    stop: StopRequest,
    retry_seconds: float = 1.0,
) -> None:
    """Insert `card` into the virtual reader until `stop` is set; reconnects whenever pcscd
    restarts, and says so while vpcd cannot be reached instead of waiting silently."""
    unreachable_since: float | None = None
    reminded = 0.0
    while not stop.is_set:
        try:
            with socket.create_connection((host, port), timeout=retry_seconds) as sock:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                log.info("card inserted into vpcd at %s:%d / カードを挿入しました", host, port)
                unreachable_since = None
                serve_connection(card, sock, stop)
                if not stop.is_set:
                    log.warning(
                        "vpcd closed the connection; reconnecting / vpcd が切断しました。再接続します"
                    )
                continue
        except OSError as error:
            now = time.monotonic()
            if unreachable_since is None:
                unreachable_since, reminded = now, now
                log.warning(
                    "vpcd is not reachable at %s:%d (%s): is pcscd running with vsmartcard-vpcd? "
                    "retrying every %g s / vpcd に接続できません (pcscd と vsmartcard-vpcd は"
                    "起動していますか)。%g 秒ごとに再試行します",
                    host, port, error.strerror or error, retry_seconds, retry_seconds,
                )  # fmt: skip
            elif now - reminded >= REMIND_SECONDS:
                reminded = now
                log.warning(
                    "still waiting for vpcd at %s:%d (%d s) / vpcd を待っています (%d 秒)",
                    host, port, now - unreachable_since, now - unreachable_since,
                )  # fmt: skip
            stop.wait(retry_seconds)


__all__ = ["DEFAULT_PORT", "DRIVER", "attach", "reader_conf", "serve_connection"]
