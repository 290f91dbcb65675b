"""A `jpki up` world for the use cases' benchmarks: its URLs, the residents' card keys, the
services' platform keys, and the platform's bare login rate measured on the same world.

The residents' keys are read from their card images so the benchmark can answer challenges
as the card would (PKCS#1 v1.5 over the origin-bound digest, or its PIN-less form bound to
the sandbox terminal's institution code) before any clock starts.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.client.cms import sign_digest_detached
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.profile.challenge import authentication_digest
from jpki.profile.pinless import pinless_digest
from jpki.profile.purpose import CertificatePurpose
from jpki.verifier.challenge import decode_nonce
from platform_http_auth import post_all

TERMINAL = "1310100001"


@dataclasses.dataclass(frozen=True)
class Holder:
    id: str
    key: rsa.RSAPrivateKey
    certificate_b64: str
    card: Path
    sign_password: str | None
    """None for a child without a signing certificate."""

    def signed_detached(self, digest: bytes) -> str:
        """A detached CMS by the card's signing key over `digest` (base64), as the wallet
        answers a signature request."""
        assert self.sign_password is not None
        token = JpkiToken(InProcessReader(Card(ImageStore.open(self.card))))
        token.verify(CertificatePurpose.SIGN, self.sign_password)
        certificate = token.certificate(CertificatePurpose.SIGN)
        now = dt.datetime.now(dt.UTC)
        return base64.b64encode(sign_digest_detached(token, digest, certificate, now)).decode()

    def answer(self, challenge: dict[str, Any], *, pinless: bool = False) -> dict[str, Any]:
        """The card's answer to a platform challenge, with its PIN or PIN-less at the terminal."""
        digest = authentication_digest(
            challenge["provider"], challenge["origin"], decode_nonce(challenge["nonce"])
        )
        if pinless:
            digest = pinless_digest(TERMINAL, digest)
        signature = self.key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        return {
            "certificate": self.certificate_b64,
            "signature": base64.b64encode(signature).decode(),
            "institution_code": TERMINAL if pinless else None,
        }


@dataclasses.dataclass
class UpWorld:
    directory: Path
    urls: dict[str, str]
    holders: list[Holder]

    def api_key(self, tenant: str) -> str:
        keys = json.loads((self.directory / "apps" / "tenants.json").read_text())
        return str(keys[tenant]["api_key"])


def _start(folder: str, residents: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "jpki.cli", "up", "--data", folder, "--residents", str(residents)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert process.stdout is not None
    urls: dict[str, str] = {}
    for line in process.stdout:
        if match := re.match(r"\s+([a-z-]+)\s+(http://\S+)/", line):
            urls[match.group(1)] = match.group(2)
        if line.startswith("Ctrl-C"):
            return process, urls
    raise RuntimeError("jpki up did not start")


def _stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(timeout=60)


@contextlib.contextmanager
def world_up(residents: int) -> Iterator[UpWorld]:
    """`jpki up` on a fresh data folder with `residents` residents, until the block ends.

    The world is started once to create it, its platform's per-SP rate limit lifted (the
    load would otherwise be refused with 429 by design), and started again."""
    with tempfile.TemporaryDirectory(prefix="jpki-bench-up-") as folder:
        directory = Path(folder)
        _stop(_start(folder, residents)[0])
        settings_file = directory / "platform" / "settings.json"
        settings = json.loads(settings_file.read_text())
        settings |= {"rate_limit_per_second": 1e9, "rate_limit_burst": 10**9}
        settings_file.write_text(json.dumps(settings))
        process, urls = _start(folder, residents)
        try:
            time.sleep(1.0)
            yield UpWorld(directory, urls, _holders(directory))
        finally:
            _stop(process)


def _holders(directory: Path) -> list[Holder]:
    holders = []
    for resident in json.loads((directory / "residents.json").read_text()):
        if resident["status"] != "resident":
            continue
        card = ImageStore.open(directory / "cards" / f"{resident['id']}.card").current()
        certificate = x509.load_pem_x509_certificate(
            (directory / "certs" / f"{resident['id']}-auth.pem").read_bytes()
        )
        der = certificate.public_bytes(Encoding.DER)
        path = directory / "cards" / f"{resident['id']}.card"
        holders.append(
            Holder(
                resident["id"], card.keys[CertificatePurpose.AUTH], base64.b64encode(der).decode(),
                path, resident["sign_password"] if resident.get("sign") else None,
            )
        )  # fmt: skip
    return holders


def bare_platform_rate(world: UpWorld, tenant: str, count: int, concurrency: int) -> float:
    """The platform's own login verifications per second for `tenant` (pre-signed answers)."""
    headers = {"X-API-Key": world.api_key(tenant)}
    platform = world.urls["platform"]
    origin = world.urls[_service_of(tenant)]
    bodies = []
    with httpx.Client(timeout=30) as client:
        for number in range(count):
            challenge = client.post(
                f"{platform}/v1/challenges", json={"origin": origin}, headers=headers
            ).json()
            answer = world.holders[number % len(world.holders)].answer(challenge, pinless=True)
            bodies.append({"nonce": challenge["nonce"], "origin": challenge["origin"]} | answer)
    return asyncio.run(post_all(platform, headers, bodies, concurrency, check=True))


async def terminals(
    count: int, concurrency: int, one: Callable[[httpx.AsyncClient, int], Awaitable[None]]
) -> float:
    """Run `one(client, n)` for n in range(count) from `concurrency` terminals; per second."""
    remaining = list(range(count))
    transport = httpx.AsyncHTTPTransport(
        limits=httpx.Limits(max_connections=concurrency),
        socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
    )
    async with httpx.AsyncClient(transport=transport, timeout=30) as client:

        async def terminal() -> None:
            while remaining:
                await one(client, remaining.pop())

        started = time.perf_counter()
        await asyncio.gather(*(terminal() for _ in range(concurrency)))
        return count / (time.perf_counter() - started)


def card_request_id(page: str) -> str:
    """The card request a service's page hands to the wallet."""
    found = re.search(r'const loginId = "([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def _service_of(tenant: str) -> str:
    return tenant.removeprefix("demo-")


__all__ = [
    "TERMINAL",
    "Holder",
    "UpWorld",
    "bare_platform_rate",
    "card_request_id",
    "terminals",
    "world_up",
]
