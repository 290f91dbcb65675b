"""Login verifications per second through the platform's HTTP API, vs an empty route.

The platform runs as `jpki platform serve` (uvicorn on a loopback socket, SQLite), trusting a
throwaway authority's roots with its CRLs loaded. Challenges are issued and answered (RSA-2048,
as the card would) before the clock starts; then every answer is POSTed to
/v1/authentications by a keep-alive load client on the same machine, and every response is
checked to be an accepted login. Baseline: a FastAPI route that parses the same JSON and
returns {}, served the same way (benchmarks/empty_app.py), hit by the same client.

    python benchmarks/platform_http_auth.py [--logins 3000] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils

from common import auth_holders, report, throwaway_authority
from jpki.clock import ManualClock
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.platform.tenants import Model
from jpki.profile.challenge import authentication_digest
from jpki.verifier.challenge import decode_nonce

ORIGIN, TENANT = "https://bank.example", "bench-bank"
BENCHMARKS = Path(__file__).resolve().parent


def start(command: list[str]) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if match := re.search(r"(http://127\.0\.0\.1:\d+)/", line):
            return process, match.group(1)
    raise RuntimeError("the server did not start")


async def post_all(
    url: str, headers: dict[str, str], bodies: list[dict[str, str]], concurrency: int, check: bool
) -> float:
    queue = list(reversed(bodies))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    # Without TCP_NODELAY the client's header and body writes wait ~40 ms on delayed ACKs.
    transport = httpx.AsyncHTTPTransport(
        limits=limits, socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    )
    async with httpx.AsyncClient(transport=transport, timeout=30) as client:

        async def worker() -> None:
            while queue:
                body = queue.pop()
                reply = await client.post(f"{url}/v1/authentications", json=body, headers=headers)
                if reply.status_code != 200 or (check and not reply.json()["result"]["accepted"]):
                    raise AssertionError(reply.text[:300])

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return len(bodies) / (time.perf_counter() - started)


def prepare(folder: Path, authority, holders: int) -> tuple[str, list]:  # type: ignore[no-untyped-def]
    keys = [(key, view.der) for key, view in auth_holders(authority, holders)]
    authority.publish_crls()
    crl_dir = authority.settings.crl_dir
    settings = PlatformSettings(
        data_dir=folder,
        trust=[authority.settings.roots_dir],
        crl_sources=[str(crl_dir / "auth.crl"), str(crl_dir / "sign.crl")],
        rate_limit_per_second=1e9,
        rate_limit_burst=10**9,
        seal_interval=dt.timedelta(hours=1),
    )
    platform = Platform.initialise(settings, authority.clock)
    _, api_key = platform.tenants.register(TENANT, "Bench Bank", Model.DAIKO, [ORIGIN])
    platform.close()
    return api_key, keys


def signed_answers(
    url: str, headers: dict[str, str], keys: list, count: int
) -> list[dict[str, str]]:  # type: ignore[type-arg]
    """`count` login answers to challenges the platform at `url` issued, signed by the
    holders' card keys in turn (before any clock starts)."""
    bodies = []
    with httpx.Client(timeout=30) as client:
        for number in range(count):
            nonce_text = client.post(
                f"{url}/v1/challenges", json={"origin": ORIGIN}, headers=headers
            ).json()["nonce"]
            key, der = keys[number % len(keys)]
            digest = authentication_digest(TENANT, ORIGIN, decode_nonce(nonce_text))
            signature = key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
            bodies.append(
                {"nonce": nonce_text, "origin": ORIGIN, "certificate": base64.b64encode(der).decode(),
                 "signature": base64.b64encode(signature).decode()}
            )  # fmt: skip
    return bodies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--logins", type=int, default=3000)
    parser.add_argument("--holders", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    with throwaway_authority(start=now) as authority, tempfile.TemporaryDirectory() as folder:
        assert isinstance(authority.clock, ManualClock)
        api_key, keys = prepare(Path(folder), authority, args.holders)
        headers = {"X-API-Key": api_key}
        server, url = start(
            [sys.executable, "-m", "jpki.cli", "platform", "serve", "--data", folder]
        )
        empty, empty_url = start([sys.executable, str(BENCHMARKS / "empty_app.py")])
        try:
            bodies = signed_answers(url, headers, keys, args.logins)
            ours = asyncio.run(post_all(url, headers, bodies, args.concurrency, check=True))
            baseline = asyncio.run(
                post_all(empty_url, headers, bodies, args.concurrency, check=False)
            )
            report(
                "login verifications through HTTP (SQLite)", ours, baseline, "logins/s", ">= 0.6"
            )
        finally:
            for process in (server, empty):
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
