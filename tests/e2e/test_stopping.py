"""Every long-running command stops soon after SIGINT or SIGTERM, in every state it can be in.

The servers (`jpki up`, `authority serve`, `platform serve`, `idp serve`) are stopped idle and
with clients connected (one holding a keep-alive connection, one that sent half a request
body and went quiet); `jpki card attach` while waiting for vpcd, idle in the reader, half-way
through a command APDU and while answering a stream of APDUs. The vpcd side is played by the
test, speaking vpcd's framing (2-byte length, payload), so each state is reached exactly.
Every process starts with SIGINT ignored, as a shell's background job (`jpki card attach &`)
does: the commands install their own handlers, so that must not matter.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jpki.card.vpcd import GET_ATR, POWER_ON
from tests.e2e.processes import JPKI, Service, jpki, start, stop

STOP_WITHIN = 2.0
"""Seconds from the signal to the exit of the process (what users are promised)."""
SIGNALS = [signal.SIGINT, signal.SIGTERM]
SERVERS = {
    "up": ("up", "--data"),
    "authority": ("authority", "serve", "--data"),
    "platform": ("platform", "serve", "--data"),
    "idp": ("idp", "serve", "--data"),
}
WAITS_FOR_BODY = {
    "up": "/ocsp",
    "authority": "/ocsp",
    "platform": "/v1/tenants",
    "idp": "/register",
}
"""A route of each command's service that reads the whole body before answering (for `jpki up`,
its authority's: the first URL it prints is the front door, which takes no bodies)."""
SELECT_JPKI_AP = bytes.fromhex("00A4040C0AD392F000260100000001")


@contextlib.contextmanager
def sigint_ignored() -> Iterator[None]:
    """Processes started inside inherit SIGINT ignored."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A world whose platform and IdP exist: `jpki up` makes them on its first run."""
    folder = tmp_path_factory.mktemp("stopping")
    jpki("sandbox", "init", folder, "--residents", "1", "--seed", "5")
    assert Service("up", "--data", folder).stop() == 0
    return folder


def timed_stop(process: subprocess.Popen[str], signum: int) -> tuple[float, int]:
    """Seconds from the signal to the exit, and the exit status."""
    began = time.monotonic()
    status = stop(process, signum)
    return time.monotonic() - began, status


def _host_port(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def connect_clients(url: str, path: str) -> list[socket.socket]:
    """A keep-alive client that got its answer and stays, and one stuck half-way through a
    request body: the two ways a connected client can hold a server back."""
    address = _host_port(url)
    idle = socket.create_connection(address, timeout=10)
    idle.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n")
    assert idle.recv(65536).startswith(b"HTTP/1.1 ")
    stuck = socket.create_connection(address, timeout=10)
    stuck.sendall(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        'Content-Length: 10000\r\n\r\n{"half": '.encode()
    )
    stuck.settimeout(0.5)
    with pytest.raises(TimeoutError):  # the server is waiting for the rest of the body
        stuck.recv(1)
    return [idle, stuck]


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("state", ["idle", "clients connected"])
@pytest.mark.parametrize("command", list(SERVERS))
def test_servers_stop_on_signals(world: Path, command: str, state: str, signum: int) -> None:
    with sigint_ignored():
        service = Service(*SERVERS[command], world)
    reading_bodies = service.url_named("authority") if command == "up" else service.url
    clients = (
        connect_clients(reading_bodies, WAITS_FOR_BODY[command])
        if state == "clients connected"
        else []
    )
    try:
        elapsed, status = timed_stop(service.process, signum)
    finally:
        for client in clients:
            client.close()
    assert status == 0, "".join(service.lines)
    assert elapsed < STOP_WITHIN, f"{command} took {elapsed:.2f} s to stop ({state})"


# -- jpki card attach, against a vpcd played by the test ------------------------------------


class Output:
    """The lines a process prints, collected in the background."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        assert process.stdout is not None
        stream = process.stdout
        threading.Thread(target=lambda: self.lines.extend(stream), daemon=True).start()

    def wait_for(self, text: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not any(text in line for line in self.lines):
            assert time.monotonic() < deadline, f"never printed {text!r}: {self.lines}"
            time.sleep(0.05)


def _frame(payload: bytes) -> bytes:
    return len(payload).to_bytes(2) + payload


def _read_frame(sock: socket.socket) -> bytes:
    header = _read_exactly(sock, 2)
    return _read_exactly(sock, int.from_bytes(header))


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        assert chunk, "the card closed the connection"
        data += chunk
    return data


@pytest.fixture
def vpcd() -> Iterator[socket.socket]:
    """A listening socket where vpcd would be: the card connects to it."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(60)
        yield listener


def attach(world: Path, port: int) -> tuple[subprocess.Popen[str], Output]:
    card = world / "cards" / "R000001.card"
    with sigint_ignored():
        process = start(
            [*JPKI, "card", "attach", card, "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
    return process, Output(process)


def inserted(listener: socket.socket) -> socket.socket:
    """Accept the card, power it on and read its ATR, as vpcd does."""
    connection, _ = listener.accept()
    connection.settimeout(30)
    connection.sendall(_frame(bytes([POWER_ON])) + _frame(bytes([GET_ATR])))
    assert _read_frame(connection)  # the ATR
    connection.sendall(_frame(SELECT_JPKI_AP))
    assert _read_frame(connection)[-2:] == b"\x90\x00"
    return connection


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_attach_waiting_for_vpcd_says_so_and_stops(world: Path, signum: int) -> None:
    with socket.socket() as unused:  # a port where nothing listens
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    process, output = attach(world, port)
    output.wait_for("vpcd is not reachable")
    assert any("retrying" in line for line in output.lines)
    elapsed, status = timed_stop(process, signum)
    assert status == 0, output.lines
    assert elapsed < STOP_WITHIN, f"card attach took {elapsed:.2f} s to stop (waiting for vpcd)"


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("state", ["idle in the reader", "half-way through an APDU", "answering"])
def test_attach_stops_in_every_state(
    world: Path, vpcd: socket.socket, state: str, signum: int
) -> None:
    process, output = attach(world, vpcd.getsockname()[1])
    connection = inserted(vpcd)
    busy = threading.Event()
    if state == "half-way through an APDU":
        whole = _frame(SELECT_JPKI_AP)
        connection.sendall(whole[:6])  # the length and the first bytes; the rest never comes
    elif state == "answering":

        def keep_asking() -> None:
            try:
                while True:
                    connection.sendall(_frame(SELECT_JPKI_AP))
                    _read_frame(connection)
                    busy.set()
            except (AssertionError, OSError):
                return

        threading.Thread(target=keep_asking, daemon=True).start()
        assert busy.wait(10)
    try:
        elapsed, status = timed_stop(process, signum)
    finally:
        connection.close()
    assert status == 0, output.lines
    output.wait_for("card removed")
    assert elapsed < STOP_WITHIN, f"card attach took {elapsed:.2f} s to stop ({state})"
