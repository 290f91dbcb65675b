"""Start and stop jpki processes the way a user would, on loopback."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

JPKI = [sys.executable, "-m", "jpki.cli"]
STOP_SECONDS = 10.0
"""How long a signalled process may take before it is killed. The commands stop within 2 s
(tests/e2e/test_stopping.py); this bounds a hang so that no test leaves a process behind."""

_running: set[subprocess.Popen[str]] = set()


def start(args: list[str | Path], **options: object) -> subprocess.Popen[str]:
    """Popen, remembered until `stop`, so that `stop_all` can end whatever a test left."""
    process: subprocess.Popen[str] = subprocess.Popen(
        [str(a) for a in args],
        text=True,
        **options,  # type: ignore[call-overload]
    )
    _running.add(process)
    return process


def stop(
    process: subprocess.Popen[str], signum: int = signal.SIGINT, timeout: float = STOP_SECONDS
) -> int:
    """Send `signum` and wait up to `timeout`; a process still there is killed. Its exit status."""
    try:
        if process.poll() is None:
            process.send_signal(signum)
            try:
                return process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
        return process.wait(timeout=timeout)
    finally:
        _running.discard(process)


def stop_all() -> None:
    """End every process a test started and did not stop (called when the session ends)."""
    for process in list(_running):
        stop(process, signal.SIGTERM, timeout=2)


def jpki(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*JPKI, *map(str, args)], capture_output=True, text=True, check=check, timeout=300
    )


class Service:
    """A jpki server process whose first printed URL is its address."""

    def __init__(self, *args: str | Path) -> None:
        self.process = start(
            [*JPKI, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "200"},
        )
        self.lines: list[str] = []
        try:
            self.url = self._wait_for_url()
        except BaseException:
            stop(self.process, signal.SIGKILL)
            raise

    def _wait_for_url(self, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("server exited:\n" + "".join(self.lines))
            self.lines.append(line)
            match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
            if match:
                url = match.group(1)
                self._wait_until_up(url, deadline)
                return url
        raise TimeoutError("no URL printed:\n" + "".join(self.lines))

    def url_named(self, name: str, timeout: float = 60) -> str:
        """The URL printed on the line naming service `name` (e.g. `platform` in `jpki up`)."""
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        pattern = re.compile(rf"\b{re.escape(name)}\s+(http://127\.0\.0\.1:\d+)/")
        for line in self.lines:
            if match := pattern.search(line):
                return match.group(1)
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            if match := pattern.search(line):
                self._wait_until_up(match.group(1), deadline)
                return match.group(1)
        raise TimeoutError(f"no URL for {name}:\n" + "".join(self.lines))

    @staticmethod
    def _wait_until_up(url: str, deadline: float) -> None:
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"{url} never answered")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, as in a power cut."""
        stop(self.process, signal.SIGKILL)

    def stop(self, signum: int = signal.SIGINT) -> int:
        return stop(self.process, signum)
