"""The attribute authority tests' plain helpers: the world they share (the platform, the
authority as its tenant, one welfare office) and what the office and a holder's card do."""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from fastapi.testclient import TestClient

from jpki.attributes.service import AttributeAuthority
from jpki.platform.service import Platform
from jpki.profile.challenge import authentication_digest
from jpki.protocol.attributes import AttributeKind

AA_TENANT = "aa-city"
OFFICE_ORIGIN = "https://welfare.city.example"
OFFICE_KEY = "office-key-0123456789"
OFFICE_KINDS = frozenset(AttributeKind) - {AttributeKind.DOCTOR}
"""What the test office may have issued: every kind but one, to see the one refused."""


@dataclasses.dataclass
class AttributeWorld:
    platform: Platform
    platform_api: TestClient
    keys: dict[str, dict[str, str]]
    admin: dict[str, str]
    authority: AttributeAuthority
    api: TestClient
    office: dict[str, str]

    def card_login(
        self, key: rsa.RSAPrivateKey, certificate: bytes, origin: str = OFFICE_ORIGIN
    ) -> dict[str, Any]:
        """The office's challenge from the authority, answered as the card would."""
        challenge = self.api.post(
            "/v1/challenges", json={"origin": OFFICE_ORIGIN}, headers=self.office
        ).json()
        nonce = base64.urlsafe_b64decode(challenge["nonce"] + "=" * (-len(challenge["nonce"]) % 4))
        digest = authentication_digest(challenge["provider"], origin, nonce)
        signature = key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        return {
            "challenge": {"nonce": challenge["nonce"], "origin": origin},
            "answer": {
                "certificate": base64.b64encode(certificate).decode(),
                "signature": base64.b64encode(signature).decode(),
            },
        }

    def issue(
        self,
        key: rsa.RSAPrivateKey,
        certificate: bytes,
        kind: AttributeKind = AttributeKind.FEE_REDUCTION,
        details: dict[str, str] | None = None,
        valid_days: int = 365,
    ) -> dict[str, Any]:
        body = self.card_login(key, certificate) | {
            "attribute": {
                "kind": kind.value,
                "details": details if details is not None else {"grounds": "public-assistance"},
                "valid_days": valid_days,
            }
        }
        reply = self.api.post("/v1/issuances", json=body, headers=self.office)
        assert reply.status_code == 200, reply.text
        return dict(reply.json())
