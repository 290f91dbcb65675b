"""Sealed card answers (封緘回答): the 代行 model's promise made structural.

A 代行 service (seed 004) must never hold the holder's certificate, its hash, subject or
serial, yet in the wallet protocol the wallet posts the card's answer to the service, which
relays it to the platform. When the service's card request names `seal_to` (the platform),
the wallet seals the answer (certificate, signature, institution code) to the platform's own
sealing key, fetched from the platform itself at `SEALING_KEY_PATH` (a service cannot
substitute a key of its own: the wallet seals only to the platform it is configured with),
as a compact JWE (RFC 7516; ECDH-ES+A256KW with A256GCM). The service relays bytes it cannot
read; the platform opens them and checks that they answer the challenge (nonce, origin and
tenant) the service relays them for, so a sealed answer cannot be replayed to another tenant.

A 代行 service's signature request is sealed the same way (`SealedSignature`): the CMS, which
carries the holder's signing certificate, is bound without a challenge to the tenant the
request names, to its origin (taken by the wallet from the URL it answers: one of that
tenant's registered origins) and to the SHA-256 of the signed content, which the service
sends beside it; the platform checks all three before it verifies the CMS.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from joserfc import jwe
from joserfc.errors import JoseError
from joserfc.jwk import ECKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jpki.profile.errors import JpkiError

SEALING_KEY_PATH = "/v1/sealing-key"
"""Where the platform publishes its public sealing key (a JWK), for wallets."""
ALGORITHM, ENCRYPTION = "ECDH-ES+A256KW", "A256GCM"
MAX_SEALED = 24_000
"""A sealed answer is a few kilobytes (certificate, signature or CMS, base64 twice)."""


class SealedLogin(BaseModel):
    """What a sealed login carries: the card's answer and the challenge it answers."""

    model_config = ConfigDict(frozen=True)

    nonce: str = Field(description="The platform's challenge nonce, base64url")
    provider: str = Field(description="The tenant (and RP) the card signed for")
    origin: str = Field(description="The web origin the login happens at")
    certificate: str = Field(description="The authentication certificate, DER, base64")
    signature: str | None = Field(default=None, description="PKCS#1 v1.5, base64")
    institution_code: str | None = Field(default=None, description="A PIN-less terminal's")


class SealedSignature(BaseModel):
    """What a sealed signature carries: the card's CMS and the request it answers."""

    model_config = ConfigDict(frozen=True)

    request: str = Field(description="The service's signature request id")
    tenant: str = Field(description="The platform tenant the service named")
    origin: str = Field(description="The web origin of the service that asked")
    digest: str = Field(description="SHA-256 of the signed content, hex")
    cms: str = Field(description="CMS SignedData with the signing certificate, DER, base64")


Sealed = TypeVar("Sealed", SealedLogin, SealedSignature)


class SealRefused(JpkiError):
    """A sealed answer that does not open, or is not what was expected; `code` says which."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def seal(answer: SealedLogin | SealedSignature, public_jwk: dict[str, Any]) -> str:
    """`answer` sealed to the platform's public key (a P-256 JWK), as a compact JWE."""
    try:
        key = ECKey.import_key(public_jwk)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise SealRefused("bad-sealing-key", f"not a sealing key: {error}") from None
    if key.is_private:
        raise SealRefused("bad-sealing-key", "the platform published a private key")
    header = {"alg": ALGORITHM, "enc": ENCRYPTION, "kid": key.thumbprint()}
    return jwe.encrypt_compact(header, answer.model_dump_json().encode(), key)


def open_sealed(sealed: str, private_key: ECKey, shape: type[Sealed]) -> Sealed:
    """The answer (a `shape`) inside `sealed`, or `SealRefused("sealed-unreadable", ...)`:
    also when it holds the other kind (a sealed login offered as a signature)."""
    try:
        plaintext = jwe.decrypt_compact(
            sealed, private_key, algorithms=[ALGORITHM, ENCRYPTION]
        ).plaintext
        return shape.model_validate(json.loads(plaintext or b""))
    except (JoseError, ValueError, ValidationError) as error:
        raise SealRefused(
            "sealed-unreadable",
            f"the sealed answer does not open for this platform / 封緘回答を開けません: "
            f"{type(error).__name__}",
        ) from None


__all__ = [
    "ALGORITHM",
    "ENCRYPTION",
    "MAX_SEALED",
    "SEALING_KEY_PATH",
    "SealRefused",
    "SealedLogin",
    "SealedSignature",
    "open_sealed",
    "seal",
]
