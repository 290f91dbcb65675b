"""The authority issues only after a card login with the PIN: a platform answer accepting a
PIN-less (terminal) or certificate-only login is refused, and so is one without a stable ID."""

from __future__ import annotations

import base64
import datetime as dt
import json
import tempfile
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.attributes.keys import AuthorityKeys
from jpki.attributes.platform_client import PlatformTenant
from jpki.attributes.service import AttributeAuthority, Office
from jpki.clock import ManualClock
from jpki.protocol.attributes import (
    AttributeKind,
    AttributeRequest,
    ChallengeRef,
    IssuanceRefused,
    IssuanceRequest,
    Issued,
)
from jpki.protocol.levels import Level
from jpki.protocol.verification import (
    CertificateVerdict,
    LoginAccepted,
    Receipted,
    RevocationSourceInfo,
)
from jpki.protocol.wallet import LoginAnswer
from jpki.storage import sqlite_url
from tests.holders import START

ORIGIN = "https://office.example"


def accepted(level: Level, user_id: str | None) -> dict:
    verdict = CertificateVerdict(
        status="valid", valid=True, message="valid", checked_at=START, purpose=None,
        revocation=None, path="jpki",
        source=RevocationSourceInfo(kind="crl", this_update=START, next_update=START,
                                    age_seconds=0.0, detail="1"),
    )  # fmt: skip
    login = LoginAccepted(
        accepted=True, assurance=level, verdict=verdict, linked=False, user_id=user_id,
        customers=[],
    )  # fmt: skip
    return json.loads(Receipted[LoginAccepted](receipt="20261123-0000000001", result=login)
                      .model_dump_json())  # fmt: skip


def authority_answering(tmp_path: Path, reply: dict) -> AttributeAuthority:
    transport = httpx.MockTransport(lambda _request: httpx.Response(200, json=reply))
    return AttributeAuthority(
        name="AA", tenant="aa-test", url="http://aa.test", folder=tmp_path / "aa",
        database_url=sqlite_url(tmp_path / "aa.db"), clock=ManualClock(START),
        platform=PlatformTenant("http://platform.test", "k", http=httpx.Client(transport=transport)),
        offices=[],
    )  # fmt: skip


OFFICE = Office(
    id="o", name="Office", kinds=frozenset({AttributeKind.GRADUATION}),
    origins=frozenset({ORIGIN}), api_key_sha256=Office.key_digest("k"),
)  # fmt: skip
SOME_CERTIFICATE = AuthorityKeys.create(Path(tempfile.mkdtemp()) / "c", "Some", START).certificate
"""Any certificate: the answer is the fake platform's to judge."""
REQUEST = IssuanceRequest(
    challenge=ChallengeRef(nonce="n" * 43, origin=ORIGIN),
    answer=LoginAnswer(
        certificate=base64.b64encode(SOME_CERTIFICATE.public_bytes(Encoding.DER)).decode(),
        signature="AA==",
    ),
    attribute=AttributeRequest(kind=AttributeKind.GRADUATION, details={"school": "x"}),
)


@pytest.mark.parametrize(
    ("level", "user_id", "error"),
    [
        (Level.PINLESS, "a" * 26, "assurance-too-low"),
        (Level.CERTIFICATE, "a" * 26, "assurance-too-low"),
        (Level.PIN, None, "no-identity"),
    ],
)
def test_refused(tmp_path: Path, level: Level, user_id: str | None, error: str) -> None:
    authority = authority_answering(tmp_path, accepted(level, user_id))
    try:
        result = authority.issue(OFFICE, REQUEST)
    finally:
        authority.close()
    assert isinstance(result, IssuanceRefused)
    assert result.error == error


def test_issued_after_a_pin_login(tmp_path: Path) -> None:
    authority = authority_answering(tmp_path, accepted(Level.PIN, "b" * 26))
    try:
        result = authority.issue(OFFICE, REQUEST)
    finally:
        authority.close()
    assert isinstance(result, Issued)
    assert result.holder == "urn:jpki:holder:aa-test:" + "b" * 26
    assert result.not_after - result.not_before == dt.timedelta(days=365, minutes=5)
