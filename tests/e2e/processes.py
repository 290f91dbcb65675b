"""Start and stop jpki processes the way a user would, on loopback."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

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
    """A `jpki` command run to its end with stdin closed: a command that would prompt fails
    instead of waiting (CI has no terminal)."""
    return subprocess.run(
        [*JPKI, *map(str, args)], capture_output=True, text=True, check=check, timeout=300,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


def _first_capture(pattern: re.Pattern[str], lines: list[str]) -> str | None:
    return next((m.group(1) for line in lines if (m := pattern.search(line))), None)


class Service:
    """A jpki server process whose first printed URL is its address.

    Its output is read by a thread for as long as it runs: a server whose log pipe nobody
    drains blocks in its next log line once the pipe's buffer is full (a probe campaign's
    warnings about invalid requests fill it in minutes), which would look like a hung server.
    """

    KEPT_LINES = 2_000
    """Lines kept for diagnostics and URL lookups; later ones are read and dropped."""

    def __init__(self, *args: str | Path) -> None:
        self.process = start(
            [*JPKI, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "200"},
        )
        self.lines: list[str] = []
        self._printed = threading.Condition()
        self._ended = False
        threading.Thread(target=self._drain, daemon=True).start()
        try:
            self.url = self._printed_url(re.compile(r"(http://127\.0\.0\.\d+:\d+)/"), 120)
        except BaseException:
            stop(self.process, signal.SIGKILL)
            raise

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._printed:
                if len(self.lines) < self.KEPT_LINES:
                    self.lines.append(line)
                self._printed.notify_all()
        with self._printed:
            self._ended = True
            self._printed.notify_all()

    def _printed_url(self, pattern: re.Pattern[str], timeout: float) -> str:
        """The first URL `pattern` captures in the output, once it answers."""
        deadline = time.monotonic() + timeout
        with self._printed:
            while (url := _first_capture(pattern, self.lines)) is None:
                if self._ended:
                    raise RuntimeError("server exited:\n" + "".join(self.lines))
                if time.monotonic() >= deadline:
                    raise TimeoutError(f"no URL for {pattern.pattern}:\n" + "".join(self.lines))
                self._printed.wait(0.2)
        self._wait_until_up(url, deadline)
        return url

    def url_named(self, name: str, timeout: float = 60) -> str:
        """The URL printed on the line naming service `name` (e.g. `platform` in `jpki up`)."""
        return self._printed_url(
            re.compile(rf"\b{re.escape(name)}\s+(http://(?:127\.0\.0\.\d+|localhost):\d+)/"),
            timeout,
        )

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


@contextlib.contextmanager
def signers_world(
    directory: Path, names: Iterable[str], residents: int = 3
) -> Iterator[tuple[dict[str, str], list[dict[str, Any]]]]:
    """`jpki up` in `directory`: the URLs of the services `names`, and the residents who have
    a signing certificate; stopped on the way out, however the tests ended."""
    service = Service("up", "--data", directory, "--residents", str(residents))
    try:
        urls = {name: service.url_named(name) for name in names}
        listed = json.loads((directory / "residents.json").read_text())
        yield urls, [r for r in listed if r.get("sign_password")]
    finally:
        assert service.stop() in (0, 130, -2)
