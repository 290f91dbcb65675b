"""The AC codec and the AA's CRL judged from outside: asn1crypto round trips, the verifier's
parser fuzzed (always a verdict, `malformed` for what is not an AC, never an exception), and
`openssl crl -verify` on the authority's CRL."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from cryptography import x509
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.attributes.certificates import AttributeCertificateContent, build_attribute_certificate
from jpki.attributes.crl import RevokedEntry, build_crl
from jpki.attributes.keys import AuthorityKeys
from jpki.protocol.attributes import AttributeKind, AttributeStatus, HolderName
from jpki.verifier.attributes import (
    TrustedAuthority,
    read_attribute_certificate,
    verify_attribute_certificate,
)
from tests.holders import START
from tests.openssl_cli import openssl, write_pem

HOLDER = HolderName(tenant="aa-city", user_id="abcdefghijklmnopqrstuvwxyz")
_KEYS: list[AuthorityKeys] = []


def keys() -> AuthorityKeys:
    if not _KEYS:
        import tempfile

        _KEYS.append(AuthorityKeys.create(Path(tempfile.mkdtemp()) / "aa", "Test AA", START))
    return _KEYS[0]


def content(**changes: object) -> AttributeCertificateContent:
    base = AttributeCertificateContent(
        serial=123456789,
        holder=HOLDER,
        kind=AttributeKind.DOCTOR,
        details={"licence": "第123456号", "registered": "2010-04-01"},
        not_before=START,
        not_after=START + dt.timedelta(days=365),
        crl_url="http://aa.test/crl/attributes",
    )
    return AttributeCertificateContent(**{**base.__dict__, **changes})  # type: ignore[arg-type]


_SAMPLE: list[bytes] = []
_CRL: list[bytes] = []


def clean_crl() -> bytes:
    """The AA's CRL listing nothing, made once."""
    if not _CRL:
        _CRL.append(build_crl(keys(), 1, START, []))
    return _CRL[0]


def sample() -> bytes:
    """One AC, made once (an ECDSA signature's length varies, and the fuzz must replay)."""
    if not _SAMPLE:
        _SAMPLE.append(build_attribute_certificate(keys(), content()))
    return _SAMPLE[0]


@given(
    kind=st.sampled_from(list(AttributeKind)),
    details=st.dictionaries(
        st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True),
        st.text(min_size=1, max_size=20).filter(lambda t: "\x00" not in t),
        max_size=4,
    ),
    serial=st.integers(min_value=1, max_value=2**127),
)
@settings(max_examples=40, deadline=None)
def test_round_trip(kind: AttributeKind, details: dict[str, str], serial: int) -> None:
    der = build_attribute_certificate(keys(), content(kind=kind, details=details, serial=serial))
    parsed = read_attribute_certificate(der)
    assert (parsed.kind, parsed.details, parsed.serial, parsed.holder) == (
        kind,
        details,
        serial,
        HOLDER,
    )
    authority = TrustedAuthority(keys().certificate, "aa-city")
    crl = build_crl(keys(), 1, START, [])
    verdict = verify_attribute_certificate(der, authority=authority, crl=crl, at=START)
    assert verdict.status is AttributeStatus.VALID


@given(st.binary(max_size=600))
@settings(max_examples=300, deadline=None)
def test_random_bytes_are_malformed(data: bytes) -> None:
    authority = TrustedAuthority(keys().certificate, "aa-city")
    verdict = verify_attribute_certificate(data, authority=authority, crl=None, at=START)
    assert verdict.status is AttributeStatus.MALFORMED


@given(st.data())
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_acs_give_a_verdict_never_an_exception(data: st.DataObject) -> None:
    der = bytearray(sample())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(der) - 1))
        der[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(der)))
    authority = TrustedAuthority(keys().certificate, "aa-city")
    crl = data.draw(st.sampled_from([None, clean_crl()]))
    verdict = verify_attribute_certificate(bytes(der[:cut]), authority=authority, crl=crl, at=START)
    if crl is None:
        assert verdict.status is not AttributeStatus.VALID  # at best revocation unknown


def test_the_crl_verifies_with_openssl_and_lists_the_revocation(tmp_path: Path) -> None:
    authority = keys()
    revoked = [RevokedEntry(123456789, START + dt.timedelta(hours=1), "affiliationChanged")]
    crl = tmp_path / "attributes.crl"
    crl.write_bytes(build_crl(authority, 7, START + dt.timedelta(hours=2), revoked))
    cafile = write_pem(tmp_path / "aa.pem", authority.certificate)
    verified = openssl("crl", "-inform", "DER", "-in", crl, "-noout", "-verify", "-CAfile", cafile)
    assert "verify OK" in verified.stderr + verified.stdout, verified.stderr
    text = openssl("crl", "-inform", "DER", "-in", crl, "-noout", "-text", check=True).stdout
    assert "Serial Number: 075BCD15" in text
    assert "Affiliation Changed" in text
    assert re.search(r"CRL Number:\s*\n\s*7\b", text)
    stranger = AuthorityKeys.create(tmp_path / "other", "Test AA", START)
    other = write_pem(tmp_path / "other.pem", stranger.certificate)
    refused = openssl("crl", "-inform", "DER", "-in", crl, "-noout", "-verify", "-CAfile", other)
    assert "verify OK" not in refused.stderr + refused.stdout
    loaded = x509.load_der_x509_crl(crl.read_bytes())
    assert loaded.last_update_utc <= START + dt.timedelta(hours=3) <= loaded.next_update_utc  # type: ignore[operator]


def test_a_critical_unknown_extension_is_malformed() -> None:
    from asn1crypto import cms

    ac = cms.AttributeCertificateV2.load(build_attribute_certificate(keys(), content()))
    info = ac["ac_info"].copy()
    extensions = list(info["extensions"])
    extensions.append(
        {"extn_id": "1.3.6.1.4.1.99999.1", "critical": True, "extn_value": b"\x05\x00"}
    )
    info["extensions"] = extensions
    forged = cms.AttributeCertificateV2(
        {
            "ac_info": info,
            "signature_algorithm": ac["signature_algorithm"],
            "signature": ac["signature"].native,
        }
    ).dump()
    authority = TrustedAuthority(keys().certificate, "aa-city")
    verdict = verify_attribute_certificate(forged, authority=authority, crl=None, at=START)
    assert verdict.status is AttributeStatus.MALFORMED
    assert "critical" in verdict.message


def test_an_ac_saying_no_revocation_is_available_is_not_accepted() -> None:
    from asn1crypto import cms
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    ac = cms.AttributeCertificateV2.load(build_attribute_certificate(keys(), content()))
    info = ac["ac_info"].copy()
    info["extensions"] = [
        *info["extensions"],
        {"extn_id": "2.5.29.56", "critical": False, "extn_value": b"\x05\x00"},
    ]
    signature = keys().key.sign(info.dump(), ec.ECDSA(hashes.SHA256()))
    signed = cms.AttributeCertificateV2(
        {"ac_info": info, "signature_algorithm": ac["signature_algorithm"], "signature": signature}
    ).dump()
    authority = TrustedAuthority(keys().certificate, "aa-city")
    crl = build_crl(keys(), 1, START, [])
    verdict = verify_attribute_certificate(signed, authority=authority, crl=crl, at=START)
    assert verdict.status is AttributeStatus.REVOCATION_UNKNOWN
    assert "no revocation" in verdict.message
