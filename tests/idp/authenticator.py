"""A software WebAuthn authenticator for the IdP's passkey tests (the browser tests use
Chromium's virtual authenticator): ES256, attestation `none`, user present and verified,
discoverable credentials. It answers py_webauthn's options JSON with the JSON a browser's
`PublicKeyCredential` serialises to."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import secrets
import struct
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

UP_UV = 0x01 | 0x04
ATTESTED = 0x40


@dataclasses.dataclass
class Credential:
    id: bytes
    key: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: bytes
    count: int = 0


class SoftAuthenticator:
    def __init__(self) -> None:
        self.credentials: list[Credential] = []

    @staticmethod
    def _cose(key: ec.EllipticCurvePrivateKey) -> bytes:
        numbers = key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    @staticmethod
    def _client_data(kind: str, challenge: str, origin: str) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin}).encode()

    def create(
        self, options: dict[str, Any], origin: str, reuse: Credential | None = None
    ) -> dict[str, Any]:
        """A new credential, or `reuse`'s ID and key again (as a cloned authenticator would)."""
        rp_id = options["rp"]["id"]
        credential = Credential(
            reuse.id if reuse else secrets.token_bytes(16),
            reuse.key if reuse else ec.generate_private_key(ec.SECP256R1()),
            rp_id,
            base64url_to_bytes(options["user"]["id"]),
        )
        self.credentials.append(credential)
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest()
            + bytes([UP_UV | ATTESTED])
            + struct.pack(">I", 0)
            + bytes(16)
            + struct.pack(">H", len(credential.id))
            + credential.id
            + self._cose(credential.key)
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return {
            "id": bytes_to_base64url(credential.id),
            "rawId": bytes_to_base64url(credential.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "attestationObject": bytes_to_base64url(attestation),
            },
            "clientExtensionResults": {},
        }

    def get(
        self, options: dict[str, Any], origin: str, credential: Credential | None = None
    ) -> dict[str, Any]:
        chosen = credential or next(c for c in self.credentials if c.rp_id == options["rpId"])
        chosen.count += 1
        auth_data = (
            hashlib.sha256(chosen.rp_id.encode()).digest()
            + bytes([UP_UV])
            + struct.pack(">I", chosen.count)
        )
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = chosen.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": bytes_to_base64url(chosen.id),
            "rawId": bytes_to_base64url(chosen.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "authenticatorData": bytes_to_base64url(auth_data),
                "signature": bytes_to_base64url(signature),
                "userHandle": bytes_to_base64url(chosen.user_handle),
            },
            "clientExtensionResults": {},
        }
