"""Our AC verdicts against an independent judge: pyhanko-certvalidator's RFC 5755 validation
(`async_validate_ac`: the AA as trust root, the signature, the validity at the moment, the
AA's CRL in hard-fail mode) on the same inputs. Both accept exactly the same ACs; where our
policy is stricter by design (an AC saying noRevAvail is `revocation unknown` to us, every AC
being revocable) the test says so."""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from pathlib import Path

import pytest
from asn1crypto import cms
from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from hypothesis import given, settings
from hypothesis import strategies as st
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathError, ValidationError
from pyhanko_certvalidator.validate import async_validate_ac

from jpki.attributes.certificates import AttributeCertificateContent, build_attribute_certificate
from jpki.attributes.crl import RevokedEntry, build_crl
from jpki.attributes.keys import AuthorityKeys
from jpki.protocol.attributes import AttributeKind, AttributeStatus, HolderName
from jpki.verifier.attributes import TrustedAuthority, verify_attribute_certificate
from tests.holders import START

TENANT = "aa-city"
HOLDER = HolderName(tenant=TENANT, user_id="abcdefghijklmnopqrstuvwxyz")
FOLDER = Path(tempfile.mkdtemp(prefix="jpki-ac-diff-"))
AA = AuthorityKeys.create(FOLDER / "aa", "Differential AA", START)
OTHER = AuthorityKeys.create(FOLDER / "other", "Differential AA", START)  # same name, other key


def ac(serial: int = 7, days: int = 30, signer: AuthorityKeys = AA) -> bytes:
    return build_attribute_certificate(
        signer,
        AttributeCertificateContent(
            serial=serial, holder=HOLDER, kind=AttributeKind.GRADUATION,
            details={"school": "霞が関大学"}, not_before=START,
            not_after=START + dt.timedelta(days=days), crl_url="http://aa.test/crl/attributes",
        ),
    )  # fmt: skip


def theirs(der: bytes, crl: bytes, at: dt.datetime, trusted: AuthorityKeys = AA) -> bool:
    """Whether pyhanko-certvalidator accepts the AC."""
    try:
        parsed = cms.AttributeCertificateV2.load(der)
        context = ValidationContext(
            trust_roots=[asn1_x509.Certificate.load(trusted.certificate.public_bytes(Encoding.DER))],
            crls=[asn1_crl.CertificateList.load(crl)],
            moment=at, revocation_mode="hard-fail", allow_fetching=False,
        )  # fmt: skip
        asyncio.run(async_validate_ac(parsed, context))
    except (ValidationError, PathError, ValueError, TypeError, KeyError, NotImplementedError):
        return False  # its refusals, and what it does not support (a non-DN issuer) is one too
    return True


def ours(der: bytes, crl: bytes, at: dt.datetime, trusted: AuthorityKeys = AA) -> AttributeStatus:
    authority = TrustedAuthority(trusted.certificate, TENANT)
    return verify_attribute_certificate(der, authority=authority, crl=crl, at=at).status


HOUR = dt.timedelta(hours=1)
CLEAN = build_crl(AA, 1, START, [])
REVOKING = build_crl(AA, 2, START, [RevokedEntry(8, START, "affiliationChanged")])
SCENARIOS = {
    "valid": (ac(), CLEAN, START + HOUR, AA, AttributeStatus.VALID),
    "revoked": (ac(serial=8), REVOKING, START + HOUR, AA, AttributeStatus.REVOKED),
    "expired": (ac(days=1), build_crl(AA, 3, START + dt.timedelta(days=2), []),
                START + dt.timedelta(days=2, hours=1), AA, AttributeStatus.EXPIRED),
    "not yet valid": (ac(), CLEAN, START - HOUR, AA, AttributeStatus.NOT_YET_VALID),
    "another key, same name": (ac(signer=OTHER), CLEAN, START + HOUR, AA, AttributeStatus.UNTRUSTED),
    "altered": (ac().replace("霞が関".encode(), "霞ヶ関".encode()), CLEAN, START + HOUR, AA,
                AttributeStatus.UNTRUSTED),
    "another authority's CRL": (ac(), build_crl(OTHER, 1, START, []), START + HOUR, AA,
                                AttributeStatus.REVOCATION_UNKNOWN),
}  # fmt: skip


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_both_judges_agree(name: str) -> None:
    der, crl, at, trusted, status = SCENARIOS[name]
    assert ours(der, crl, at, trusted) is status
    assert theirs(der, crl, at, trusted) is (status is AttributeStatus.VALID)


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_mutated_acs_are_accepted_by_both_or_neither(data: st.DataObject) -> None:
    der = bytearray(SCENARIOS["valid"][0])
    for _ in range(data.draw(st.integers(1, 3))):
        der[data.draw(st.integers(0, len(der) - 1))] = data.draw(st.integers(0, 255))
    at = START + HOUR
    assert (ours(bytes(der), CLEAN, at) is AttributeStatus.VALID) is theirs(bytes(der), CLEAN, at)
