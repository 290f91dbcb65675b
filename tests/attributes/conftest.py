"""The attribute authority's test world: the platform with its two SPs (tests/conftest.py's
`world`), the authority as the platform's tenant over the platform's HTTP API in-process, and
one office (a municipality's welfare office) with its API key."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from fastapi.testclient import TestClient

from jpki.attributes.api import build_attributes_app
from jpki.attributes.platform_client import PlatformTenant
from jpki.attributes.service import AttributeAuthority, Office
from jpki.clock import ManualClock
from jpki.platform.api import build_platform_app
from jpki.platform.service import Platform
from jpki.platform.tenants import Identifiers, Model
from jpki.profile.challenge import authentication_digest
from jpki.protocol.attributes import AttributeKind
from jpki.storage import sqlite_url

AA_TENANT = "aa-city"
OFFICE_ORIGIN = "https://welfare.city.example"
OFFICE_KEY = "office-key-0123456789"


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


@pytest.fixture
def attribute_world(world: Any, clock: ManualClock, tmp_path: Path) -> Iterator[AttributeWorld]:
    platform, platform_api, keys, admin = world
    _, tenant_key = platform.tenants.register(
        AA_TENANT, "City attribute authority", Model.ITAKU, [OFFICE_ORIGIN]
    )
    platform.tenants.set_identifiers(AA_TENANT, Identifiers.ANY_KNOWN)
    http = TestClient(
        build_platform_app(platform, background=False), base_url="http://platform.test"
    )
    office = Office(
        id="welfare",
        name="Welfare office",
        kinds=frozenset({AttributeKind.FEE_REDUCTION}),
        origins=frozenset({OFFICE_ORIGIN}),
        api_key_sha256=Office.key_digest(OFFICE_KEY),
    )
    authority = AttributeAuthority(
        name="City attribute authority",
        tenant=AA_TENANT,
        url="http://aa.test",
        folder=tmp_path / "aa",
        database_url=sqlite_url(tmp_path / "aa.db"),
        clock=clock,
        platform=PlatformTenant("http://platform.test", tenant_key, http=http),
        offices=[office],
    )
    api = TestClient(build_attributes_app(authority), base_url="http://aa.test")
    yield AttributeWorld(
        platform, platform_api, keys, admin, authority, api, {"X-API-Key": OFFICE_KEY}
    )
    authority.close()
