"""Seconds from SIGTERM (or SIGINT) to the exit of each long-running command, with clients
connected, vs a Python process that has imported the same `jpki` command and exits normally on
the same signal (the floor any graceful exit pays: interpreter finalisation). Target: under
2 s. The processes are started with SIGINT ignored, as a shell's background job is.

    python benchmarks/stop_latency.py [--runs 3]
"""

from __future__ import annotations

import argparse
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import report

JPKI = [sys.executable, "-m", "jpki.cli"]
COMMANDS = {
    "jpki up": (["up", "--data"], "/ocsp"),
    "jpki authority serve": (["authority", "serve", "--data"], "/ocsp"),
    "jpki platform serve": (["platform", "serve", "--data"], "/v1/tenants"),
    "jpki idp serve": (["idp", "serve", "--data"], "/register"),
}
"""Each command, and a route of its first service that waits for a whole request body."""
FLOOR = (
    "import signal, sys, jpki.cli.main\n"
    "signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))\n"
    "signal.signal(signal.SIGINT, lambda *_: sys.exit(0))\n"
    "print('http://127.0.0.1:1/', flush=True)\n"
    "signal.pause()\n"
)


def started(args: list[str]) -> tuple[subprocess.Popen[str], str]:
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # the child inherits it ignored
    try:
        process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    assert process.stdout is not None
    for line in process.stdout:
        if "http://127.0.0.1:" in line:
            url = line.split("http://")[1].split("/")[0]
            time.sleep(1.0)  # let every service of `jpki up` come up
            return process, url
    raise RuntimeError(f"{args} printed no URL")


def stop_time(args: list[str], signum: int, stuck_path: str | None) -> float:
    process, address = started(args)
    clients = []
    if stuck_path is not None:
        host, port = address.split(":")
        idle = socket.create_connection((host, int(port)))
        idle.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        idle.recv(65536)
        stuck = socket.create_connection((host, int(port)))
        stuck.sendall(
            f"POST {stuck_path} HTTP/1.1\r\nHost: x\r\nContent-Length: 9999\r\n\r\n{{".encode()
        )
        clients = [idle, stuck]
        time.sleep(0.2)
    began = time.perf_counter()
    process.send_signal(signum)
    process.wait(timeout=60)
    elapsed = time.perf_counter() - began
    for client in clients:
        client.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="jpki-stop-") as directory:
        world = Path(directory) / "world"
        subprocess.run([*JPKI, "sandbox", "init", world, "--residents", "1"], check=True,
                       capture_output=True)  # fmt: skip
        process, _ = started([*JPKI, "up", "--data", str(world)])  # makes the platform and IdP
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        for signum in (signal.SIGTERM, signal.SIGINT):
            floor = statistics.median(
                stop_time([sys.executable, "-c", FLOOR], signum, None) for _ in range(runs)
            )
            for name, (args, stuck_path) in COMMANDS.items():
                ours = statistics.median(
                    stop_time([*JPKI, *args, str(world)], signum, stuck_path) for _ in range(runs)
                )
                report(f"{name}: {signal.Signals(signum).name} to exit, clients connected",
                       ours, floor, "s", "< 2 s")  # fmt: skip


if __name__ == "__main__":
    main()
