"""Several worker processes (ワーカー) of one service, each on its own pre-bound port.

`jpki authority|platform|idp serve --workers N` runs a small supervisor: it binds N loopback
sockets first (so every worker's URL is known, and printed, before any starts), then forks one
worker per socket. Each worker opens the service itself (its own database pool, refresher and
caches) only after the fork, so nothing with threads or connections crosses it, and a worker
started again picks up the code on disk. The supervisor keeps the sockets: while a worker is
down (killed, or being restarted) its port keeps accepting connections into the kernel's queue,
and the next worker answers them.

- A worker that dies after it was ready is started again on the same socket; one that dies
  before it was ready stops the whole service (a configuration error would only repeat).
- SIGHUP restarts the workers one after another (a rolling restart): each is asked to stop
  (SIGTERM: requests in hand get `GRACE_SECONDS`), then its successor is started and waited
  for before the next one goes, so N-1 workers always serve.
- SIGINT or SIGTERM stops every worker and then the supervisor.

Every response of a worker names it (`X-JPKI-Worker: <index>`), and `GET /healthz` answers
`{"status": "ok", "worker": i, "pid": ...}` after a round trip to the service's database, or
503 when the database does not answer: what a load balancer's health check asks (docs/deploy.md).
Each worker's own port is what the load balancer lists, so it can check, drain and spread load
over the workers one by one.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from jpki.profile.errors import JpkiError
from jpki.world.serving import ASGIApp, TlsFiles, serve, url_of

WORKER_HEADER = b"x-jpki-worker"
HEALTH_PATH = "/healthz"
POLL_SECONDS = 0.05
"""How often the supervisor looks for exited workers and signals it has to act on."""


class WorkerError(JpkiError):
    """Several workers cannot serve as asked (a worker failed to start, SQLite under several)."""


def require_shared(database_url: str, party: str, workers: int) -> None:
    """Refuse several workers on anything but PostgreSQL: workers share their state there."""
    if workers > 1 and not database_url.startswith("postgresql"):
        raise WorkerError(
            f"--workers {workers} needs the {party}'s database on PostgreSQL "
            "(postgresql+psycopg://...); a SQLite file serves one worker"
        )


Health = Callable[[], bool | Mapping[str, object]]
"""A worker's health check: False when its database does not answer; True, or what else the
worker wants the check to show (the platform: how many revocation refreshes it followed)."""
Built = tuple[ASGIApp, Health, Callable[[], None]]
"""What a worker builds after the fork: its app, its health check and what closes it."""


def with_worker(app: ASGIApp, index: int, healthy: Health) -> ASGIApp:
    """`app` answering `GET /healthz` itself and naming worker `index` on every response."""
    name = str(index).encode()

    async def worker_app(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if scope["path"] == HEALTH_PATH and scope["method"] in ("GET", "HEAD"):
            await _health(send, index, healthy)
            return

        async def named(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (WORKER_HEADER, name)]
            await send(message)

        await app(scope, receive, named)

    return worker_app


async def _health(send: Any, index: int, healthy: Health) -> None:
    import anyio.to_thread

    try:
        answer = await anyio.to_thread.run_sync(healthy)
    except Exception:
        answer = False
    ok = answer is not False
    shown: dict[str, object] = {
        "status": "ok" if ok else "unavailable",
        "worker": index,
        "pid": os.getpid(),
    }
    if isinstance(answer, Mapping):
        shown |= dict(answer)
    body = json.dumps(shown).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 200 if ok else 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                (WORKER_HEADER, str(index).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def serve_one(
    name: str,
    build: Callable[[int], Built],
    sock: socket.socket,
    on_ready: Callable[[dict[str, str]], None] | None = None,
    tls: TlsFiles | None = None,
) -> None:
    """One worker in this process (no supervisor): `--workers 1`, the default."""
    app, healthy, close = build(0)
    try:
        serve(
            {name: (with_worker(app, 0, healthy), sock)},
            on_ready,
            {name: tls} if tls is not None else None,
        )
    finally:
        close()


class Supervisor:
    """Forks, watches, restarts and stops the workers of one service."""

    def __init__(
        self,
        name: str,
        build: Callable[[int], Built],
        sockets: list[socket.socket],
        tls: TlsFiles | None = None,
    ) -> None:
        self.name, self.build, self.sockets, self.tls = name, build, sockets, tls
        self.workers: dict[int, int] = {}
        """Worker index -> process id."""
        self._stopping = False
        self._rolling = False

    def _fork(self, index: int) -> int:
        """Start worker `index`; returns once it has opened its service (or failed to)."""
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(read_end)
            self._run_worker(index, write_end)
        os.close(write_end)
        ready = _wait_ready(read_end)
        os.close(read_end)
        if not ready:
            os.waitpid(pid, 0)
            raise WorkerError(f"{self.name} worker {index} failed to start (see its error above)")
        self.workers[index] = pid
        return pid

    def _run_worker(self, index: int, ready_fd: int) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
        for other, sock in enumerate(self.sockets):
            if other != index:
                sock.close()
        status = 1
        try:
            app, healthy, close = self.build(index)
            os.write(ready_fd, b"1")
            os.close(ready_fd)
            try:
                serve(
                    {self.name: (with_worker(app, index, healthy), self.sockets[index])},
                    None,
                    {self.name: self.tls} if self.tls is not None else None,
                )
            finally:
                close()
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)

    def run(self, on_ready: Callable[[dict[str, str]], None] | None = None) -> None:
        """Blocking: start every worker, report the URLs, then watch until stopped."""
        signals = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
        signal.pthread_sigmask(signal.SIG_BLOCK, signals)
        try:
            for index in range(len(self.sockets)):
                self._fork(index)
            if on_ready is not None:
                scheme = "https" if self.tls is not None else "http"
                on_ready(
                    {
                        f"{self.name}-{i}": url_of(sock).replace("http", scheme, 1)
                        for i, sock in enumerate(self.sockets)
                    }
                )
            self._watch(signals)
        finally:
            self._stop_all()
            signal.pthread_sigmask(signal.SIG_UNBLOCK, signals)

    def _watch(self, signals: set[signal.Signals]) -> None:
        while True:
            received = signal.sigtimedwait(signals, POLL_SECONDS)
            if received is not None:
                if received.si_signo == signal.SIGHUP:
                    self.rolling_restart()
                else:
                    return
            self._reap()

    def _reap(self) -> None:
        """Start again every worker that exited (killed, crashed) while it should serve."""
        for index, pid in list(self.workers.items()):
            done, _status = os.waitpid(pid, os.WNOHANG)
            if done:
                del self.workers[index]
                print(f"{self.name} worker {index} (pid {pid}) exited; starting it again")
                self._fork(index)

    def rolling_restart(self) -> None:
        """Each worker stopped and started again in turn, the next only once it serves."""
        for index in sorted(self.workers):
            pid = self.workers.pop(index)
            _terminate(pid)
            self._fork(index)

    def _stop_all(self) -> None:
        pids = list(self.workers.values())
        self.workers.clear()
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for pid in pids:
            _wait_or_kill(pid)
        for sock in self.sockets:
            sock.close()


def _wait_ready(fd: int) -> bool:
    """True when the worker wrote its ready byte; False when it exited first."""
    while True:
        readable, _, _ = select.select([fd], [], [], 1.0)
        if readable:
            return os.read(fd, 1) == b"1"


def _terminate(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    _wait_or_kill(pid)


def _wait_or_kill(pid: int, seconds: float = 5.0) -> None:
    """Wait for `pid` to exit, killing it if it outlives `seconds` (a stop is a stop)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if done:
            return
        time.sleep(POLL_SECONDS)
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def bind_workers(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` listening sockets: on `port`, `port + 1`, ... or, with port 0, on free ports."""
    from jpki.world.serving import bind

    if count < 1:
        raise ValueError("at least one worker")
    return [bind(host, port + i if port else 0) for i in range(count)]


def run_workers(
    name: str,
    build: Callable[[int], Built],
    sockets: list[socket.socket],
    on_ready: Callable[[dict[str, str]], None] | None = None,
    tls: TlsFiles | None = None,
) -> None:
    """One worker in this process, or a supervisor of several."""
    if len(sockets) == 1:
        serve_one(name, build, sockets[0], on_ready, tls)
    else:
        Supervisor(name, build, sockets, tls).run(on_ready)


def print_urls(print_line: Callable[[str], None], urls: Mapping[str, str], suffix: str) -> None:
    """One line per worker: `platform-0  http://127.0.0.1:8001/v1`."""
    for name, url in urls.items():
        print_line(f"{name:<12}{url}{suffix}")


__all__ = [
    "HEALTH_PATH",
    "WORKER_HEADER",
    "Built",
    "Health",
    "Supervisor",
    "WorkerError",
    "bind_workers",
    "print_urls",
    "require_shared",
    "run_workers",
    "serve_one",
    "with_worker",
]
