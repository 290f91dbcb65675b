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
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.card.image import CardImage
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


@contextlib.contextmanager
def world_up(residents: int) -> Iterator[UpWorld]:
    """`jpki up` on a fresh data folder with `residents` residents, until the block ends."""
    with tempfile.TemporaryDirectory(prefix="jpki-bench-up-") as folder:
        directory = Path(folder)
        process = subprocess.Popen(
            [sys.executable, "-m", "jpki.cli", "up", "--data", folder, "--residents", str(residents)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "COLUMNS": "200"},
        )  # fmt: skip
        assert process.stdout is not None
        urls: dict[str, str] = {}
        try:
            for line in process.stdout:
                if match := re.match(r"\s+([a-z-]+)\s+(http://\S+)/", line):
                    urls[match.group(1)] = match.group(2)
                if line.startswith("Ctrl-C"):
                    break
            time.sleep(1.0)
            yield UpWorld(directory, urls, _holders(directory))
        finally:
            process.terminate()
            process.wait(timeout=60)


def _holders(directory: Path) -> list[Holder]:
    holders = []
    for resident in json.loads((directory / "residents.json").read_text()):
        if resident["status"] != "resident":
            continue
        card = CardImage.load(directory / "cards" / f"{resident['id']}.card")
        certificate = x509.load_pem_x509_certificate(
            (directory / "certs" / f"{resident['id']}-auth.pem").read_bytes()
        )
        der = certificate.public_bytes(Encoding.DER)
        holders.append(
            Holder(
                resident["id"], card.keys[CertificatePurpose.AUTH], base64.b64encode(der).decode()
            )
        )
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


def _service_of(tenant: str) -> str:
    return tenant.removeprefix("demo-")


__all__ = ["TERMINAL", "Holder", "UpWorld", "bare_platform_rate", "world_up"]
