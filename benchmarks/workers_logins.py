"""Login verifications per second with 1 and 2 platform workers on PostgreSQL behind HAProxy,
each as a ratio to one worker on SQLite, and the share of login time spent waiting on the
evidence chain's head row (issue 26).

Setup as benchmarks/platform_http_auth.py: a throwaway authority's holders (RSA-2048 card keys
held here), its CRLs as files, one 代行 tenant; every answer is signed before the clock starts
and POSTed to /v1/authentications by the keep-alive load client, every response checked to be
an accepted login. Three runs of the same answers' count:

1. one `jpki platform serve` on SQLite, addressed directly (the baseline);
2. `serve --workers 1` on PostgreSQL behind HAProxy;
3. `serve --workers 2` on PostgreSQL behind HAProxy.

PostgreSQL is a private cluster started here with its durable defaults (fsync and synchronous
commit on), so a commit costs what it costs in production. While each PostgreSQL run lasts, a
sampler reads `pg_stat_activity` every 2 ms: a platform backend waiting on a lock
(`wait_event_type = 'Lock'`) is attributed to what its statement is (`UPDATE evidence_head`:
the chain's head; `INSERT INTO fee_counts`: the tenant's fee row; anything else). The share of
login time waiting on the head is head-waiting samples / (samples x requests in flight), by
Little's law the mean time a login waits on the head over its mean latency.

National scale (slow: not run by the suite): `--customers 10000000` links that many customers
in the platform's database before the runs and `--revoked 20000000` loads a CRL of that many
entries into every worker's revocation index (each worker holds its own: memory grows with the
workers); the defaults are a quick check.

    python benchmarks/workers_logins.py [--logins 2000] [--concurrency 16]
        [--customers 0] [--revoked 0]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import psycopg

from common import throwaway_authority
from jpki.clock import ManualClock
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.platform.tenants import Model
from jpki.world.balancer import Backend, haproxy_config
from platform_http_auth import ORIGIN, TENANT, post_all, signed_answers, start
from platform_status_batch import make_root, populate
from synthetic_crl import entries_der, random_serials, signed_crl

SAMPLE_SECONDS = 0.002


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def postgres_cluster() -> Iterator[int]:
    """A private cluster with PostgreSQL's durable defaults, on a free loopback port."""
    binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))[-1].parent
    directory = Path(tempfile.mkdtemp(prefix="jpki-bench-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = directory / "data", free_port()
    subprocess.run([*run_as, str(binaries / "initdb"), "-D", str(data), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8"], check=True, capture_output=True)  # fmt: skip
    options = f"-h 127.0.0.1 -p {port} -k {directory} -c max_connections=300"
    subprocess.run([*run_as, str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                    "-l", str(directory / "log"), "-w", "start"], check=True, capture_output=True)  # fmt: skip
    try:
        yield port
    finally:
        subprocess.run([*run_as, str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True, check=False)  # fmt: skip
        shutil.rmtree(directory, ignore_errors=True)


def new_database(port: int, name: str) -> str:
    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres",
                         autocommit=True) as connection:  # fmt: skip
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{name}"


@dataclasses.dataclass
class LockSampler:
    """Samples the platform database's backends while a run lasts."""

    url: str
    samples: int = 0
    waits: Counter[str] = dataclasses.field(default_factory=Counter)
    _stop: threading.Event = dataclasses.field(default_factory=threading.Event)

    def run(self) -> None:
        dsn = self.url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, autocommit=True) as connection:
            while not self._stop.is_set():
                rows = connection.execute(
                    "SELECT query FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
                ).fetchall()
                self.samples += 1
                for (query,) in rows:
                    text = " ".join(query.split()).lower()
                    if text.startswith("update evidence_head"):
                        self.waits["evidence head"] += 1
                    elif "fee_counts" in text:
                        self.waits["fee row"] += 1
                    else:
                        self.waits["other"] += 1
                time.sleep(SAMPLE_SECONDS)

    @contextlib.contextmanager
    def sampling(self) -> Iterator[LockSampler]:
        thread = threading.Thread(target=self.run, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()

    def share(self, what: str, in_flight: int) -> float:
        return self.waits[what] / max(1, self.samples * in_flight)


def init_platform(folder: Path, authority, database: str | None, args, extra) -> tuple[str, list]:  # type: ignore[no-untyped-def]
    """The platform's data folder; its tenant's key and the holders' keys."""
    from common import auth_holders

    keys = [(key, view.der) for key, view in auth_holders(authority, args.holders)]
    authority.publish_crls()
    crl_dir = authority.settings.crl_dir
    trust, crls = (
        [authority.settings.roots_dir],
        [str(crl_dir / "auth.crl"), str(crl_dir / "sign.crl")],
    )
    if extra is not None:
        trust.append(extra / "root.pem")
        crls.append(str(extra / "sign.crl"))
    settings = PlatformSettings(
        data_dir=folder, database_url=database, trust=trust, crl_sources=crls,
        rate_limit_per_second=1e9, rate_limit_burst=10**9, seal_interval=dt.timedelta(hours=1),
    )  # fmt: skip
    platform = Platform.initialise(settings, authority.clock)
    _, api_key = platform.tenants.register(TENANT, "Bench Bank", Model.DAIKO, [ORIGIN])
    if args.customers:
        platform.tenants.register("insurer", "Insurer", Model.ITAKU, ["https://insurer.example"])
        serials = random_serials(2 * args.customers, 17)
        started = time.perf_counter()
        populate(platform, args.customers, serials[: args.customers], serials[args.customers :])
        print(
            f"  {args.customers:,} linked customers stored: {time.perf_counter() - started:.1f} s"
        )
    platform.close()
    return api_key, keys


def big_crl(folder: Path, revoked: int) -> Path:
    """A signed CRL of `revoked` entries under a root of its own (every worker loads it)."""
    folder.mkdir()
    root, key = make_root(folder)
    now = dt.datetime.now(dt.UTC)
    crl = signed_crl(root, key, entries_der(np.sort(random_serials(revoked, 23)), now, 5),
                     number=1, this_update=now - dt.timedelta(minutes=5),
                     next_update=now + dt.timedelta(days=2))  # fmt: skip
    (folder / "sign.crl").write_bytes(crl)
    return folder


def run(url: str, headers: dict[str, str], keys: list, args) -> float:  # type: ignore[no-untyped-def]
    bodies = signed_answers(url, headers, keys, args.logins)
    return asyncio.run(post_all(url, headers, bodies, args.concurrency, check=True))


def serve_behind_balancer(folder: Path, workers: int) -> tuple[list[subprocess.Popen[str]], str]:
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "jpki.cli", "platform", "serve", "--data", str(folder),
         "--workers", str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert supervisor.stdout is not None
    urls = []
    for line in supervisor.stdout:
        if line.startswith("platform") and "http://" in line:  # platform[-i]  URL/v1
            urls.append(line.split()[1].removesuffix("/v1"))
            if len(urls) == workers:
                break
    threading.Thread(target=lambda: [None for _ in supervisor.stdout or ()], daemon=True).start()
    port = free_port()
    config = folder / "haproxy.cfg"
    config.write_text(haproxy_config([Backend("platform", f"127.0.0.1:{port}", tuple(urls))]))
    balancer = subprocess.Popen(["haproxy", "-db", "-f", str(config)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(200):
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{url}/healthz").status_code == 200:
                break
        time.sleep(0.05)
    return [balancer, supervisor], url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--logins", type=int, default=2000)
    parser.add_argument("--holders", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--customers", type=int, default=0)
    parser.add_argument("--revoked", type=int, default=0)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    with (
        throwaway_authority(start=now) as authority,
        tempfile.TemporaryDirectory() as scratch,
        postgres_cluster() as port,
    ):
        assert isinstance(authority.clock, ManualClock)
        base = Path(scratch)
        extra = big_crl(base / "big", args.revoked) if args.revoked else None
        figures: dict[str, float] = {}

        folder = base / "sqlite"
        api_key, keys = init_platform(folder, authority, None, args, extra)
        headers = {"X-API-Key": api_key}
        server, url = start(
            [sys.executable, "-m", "jpki.cli", "platform", "serve", "--data", str(folder)]
        )
        try:
            figures["sqlite-1"] = run(url, headers, keys, args)
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"1 worker, SQLite, direct: {figures['sqlite-1']:.1f} logins/s")

        for workers in (1, 2):
            database = new_database(port, f"platform{workers}")
            folder = base / f"pg{workers}"
            api_key, keys = init_platform(folder, authority, database, args, extra)
            headers = {"X-API-Key": api_key}
            processes, url = serve_behind_balancer(folder, workers)
            try:
                bodies = signed_answers(url, headers, keys, args.logins)
                with LockSampler(database).sampling() as sampler:
                    rate = asyncio.run(post_all(url, headers, bodies, args.concurrency, check=True))
            finally:
                for process in processes:
                    process.terminate()
                    process.wait(timeout=30)
            figures[f"pg-{workers}"] = rate
            head = sampler.share("evidence head", args.concurrency)
            fee = sampler.share("fee row", args.concurrency)
            other = sampler.share("other", args.concurrency)
            print(
                f"{workers} worker(s), PostgreSQL, HAProxy: {rate:.1f} logins/s, ratio "
                f"{rate / figures['sqlite-1']:.2f} to SQLite; login time waiting on the evidence "
                f"head {head:.1%}, on the fee row {fee:.1%}, other locks {other:.1%} "
                f"({sampler.samples} samples)"
            )


if __name__ == "__main__":
    main()
