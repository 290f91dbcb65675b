"""The platform tests' plain helpers: the platform itself (on SQLite or PostgreSQL), the two SPs
it serves (a 代行 bank and a 委託 insurer) and their webhook endpoint, and what an SP's backend
and a holder's client do: signed applications and answered login challenges."""

from __future__ import annotations

import base64
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from cryptography.hazmat.primitives.serialization import pkcs7

from jpki.authority.service import Authority
from jpki.clock import ManualClock
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.profile.challenge import authentication_digest
from jpki.verifier.setup import build_verifier

ORIGIN = "https://bank.example"
BANK, INSURER = "bank-001", "insurer-002"


def make_platform(
    authority: Authority, clock: ManualClock, folder: Path, database_url: str | None = None
) -> Platform:
    """A platform in `folder` verifying against `authority`'s roots and full CRLs, no tenants."""
    authority.publish_crls()
    crls = [authority.settings.crl_dir / "auth.crl", authority.settings.crl_dir / "sign.crl"]
    verifier = build_verifier(clock, [authority.settings.roots_dir], crls=crls)
    settings = PlatformSettings(data_dir=folder, database_url=database_url)
    return Platform.initialise(settings, clock, verifier=verifier)


class Receiver:
    """The SP's webhook endpoint: records what arrives, fails while told to."""

    def __init__(self) -> None:
        self.received: list[httpx.Request] = []
        self.failing = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.received.append(request)
        return httpx.Response(503 if self.failing else 204)


def signed_application(holder, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A detached CMS over `text` by the holder's signing key (made by cryptography, not by us)."""
    document = text.encode()
    signature = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(document)
        .add_signer(holder.sign.certificate, holder.sign_key, hashes.SHA256())
        .sign(
            serialization.Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )
    return {
        "signature": base64.b64encode(signature).decode(),
        "content": base64.b64encode(document).decode(),
    }


def answer_login(  # type: ignore[no-untyped-def]
    api,
    headers: dict[str, str],
    tenant_id: str,
    key: rsa.RSAPrivateKey,
    certificate: bytes,
    *,
    origin: str = ORIGIN,
) -> tuple[dict[str, str], dict]:
    """Get a challenge, sign it as the card would (for `origin`), post it: (body, JSON answer)."""
    issued = api.post("/v1/challenges", json={"origin": ORIGIN}, headers=headers).json()
    nonce = base64.urlsafe_b64decode(issued["nonce"] + "=" * (-len(issued["nonce"]) % 4))
    digest = authentication_digest(tenant_id, origin, nonce)
    signature = key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    body = {
        "nonce": issued["nonce"],
        "origin": origin,
        "certificate": base64.b64encode(certificate).decode(),
        "signature": base64.b64encode(signature).decode(),
    }
    return body, api.post("/v1/authentications", json=body, headers=headers)
