"""Raw, CMS and PDF signatures made by the card, judged by the verifier, openssl and pdfsig."""

from __future__ import annotations

import hashlib
import subprocess

import pytest
from asn1crypto import cms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.card.os import Card
from jpki.client.cms import sign_detached
from jpki.client.pdf import sign_pdf
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause
from jpki.verifier.cms import verify_cms
from jpki.verifier.pdf import verify_pdf
from jpki.verifier.signatures import verify_raw
from jpki.verifier.validation import Validator
from jpki.verifier.verdict import Status
from tests.holders import SIGN_PASSWORD
from tests.openssl_cli import at_time, openssl, write_pem
from tests.pdf_samples import one_page_pdf
from tests.verifier.validators import validator_of

SIGN = CertificatePurpose.SIGN
DOCUMENT = "住宅ローン契約書 / housing loan contract".encode()


@pytest.fixture
def token(personalised):
    token = JpkiToken(InProcessReader(Card(personalised[0])))
    token.verify(SIGN, SIGN_PASSWORD)
    return token


@pytest.fixture
def signed(token, clock):
    certificate = token.certificate(SIGN)
    return {
        "detached": sign_detached(token, DOCUMENT, certificate, clock.now()),
        "attached": sign_detached(token, DOCUMENT, certificate, clock.now(), attached=True),
    }


def test_raw_card_signature(token, authority, clock):
    validator = validator_of(authority, clock)
    digest = hashlib.sha256(DOCUMENT).digest()
    signature = token.sign_digest(SIGN, "sha256", digest)
    certificate = token.certificate(SIGN)
    good = verify_raw(validator, certificate, signature, data=DOCUMENT)
    assert good.valid, good.lines()
    assert good.certificate.four_info is not None
    assert good.certificate.four_info.name
    bad = verify_raw(validator, certificate, signature, data=DOCUMENT + b".")
    assert not bad.intact
    assert bad.status == "invalid signature"


def test_detached_and_attached_cms_agree_with_openssl(signed, authority, clock, tmp_path):
    validator = validator_of(authority, clock)
    detached = verify_cms(validator, signed["detached"], content=DOCUMENT)
    attached = verify_cms(validator, signed["attached"])
    for verdict in (detached, attached):
        assert verdict.valid, verdict.lines()
        assert "ESS signing-certificate-v2: matches the signer's certificate" in verdict.details
        assert verdict.signing_time is not None
    root = write_pem(tmp_path / "root.pem", authority.authorities.current(SIGN).certificate)
    document = tmp_path / "doc.txt"
    document.write_bytes(DOCUMENT)
    for name, der in signed.items():
        (tmp_path / f"{name}.p7s").write_bytes(der)
    common = [
        "cms",
        "-verify",
        *at_time(clock.now()),
        "-binary",
        "-inform",
        "DER",
        "-CAfile",
        str(root),
        "-out",
        "/dev/null",
    ]
    assert openssl(*common, "-in", tmp_path / "detached.p7s", "-content", document).returncode == 0
    assert openssl(*common, "-in", tmp_path / "attached.p7s").returncode == 0
    # Altered content: both refuse.
    document.write_bytes(DOCUMENT + b"!")
    assert openssl(*common, "-in", tmp_path / "detached.p7s", "-content", document).returncode != 0
    altered = verify_cms(validator, signed["detached"], content=DOCUMENT + b"!")
    assert not altered.intact
    assert "altered" in altered.message


def test_detached_signature_needs_its_content(signed, authority, clock):
    verdict = verify_cms(validator_of(authority, clock), signed["detached"])
    assert verdict.certificate.status is Status.MALFORMED
    assert "--content" in verdict.message


def test_revoked_signer_is_reported_with_its_meaning(signed, token, authority, clock):
    serial = token.certificate(SIGN).serial_number
    authority.revoke(serial, RevocationCause.FOUR_INFO_CHANGED)
    verdict = verify_cms(validator_of(authority, clock), signed["attached"])
    assert verdict.intact
    assert not verdict.valid
    assert verdict.certificate.status is Status.REVOKED
    assert verdict.certificate.revocation is not None
    assert verdict.certificate.revocation.reason == 3
    assert "転居" in verdict.certificate.revocation.reason.meaning.ja


def test_swapped_certificate_breaks_ess(signed, authority, clock):
    """Replacing the embedded certificate (even with the right key) is caught by ESS v2."""
    info = cms.ContentInfo.load(signed["attached"])
    signer_info = info["content"]["signer_infos"][0]
    ess = next(
        a for a in signer_info["signed_attrs"] if a["type"].native == "signing_certificate_v2"
    )
    ess["values"][0]["certs"][0]["cert_hash"] = b"\x00" * 32
    forged = cms.ContentInfo.load(info.dump(force=True))
    verdict = verify_cms(validator_of(authority, clock), forged.dump())
    assert not verdict.intact


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_cms_is_never_an_exception(signed, authority, clock, data):
    der = bytearray(signed["attached"])
    for _ in range(data.draw(st.integers(1, 4))):
        der[data.draw(st.integers(0, len(der) - 1))] ^= data.draw(st.integers(1, 255))
    cut = data.draw(st.integers(0, len(der)))
    verdict = verify_cms(_shared(authority, clock), bytes(der[:cut]))
    assert not verdict.valid or bytes(der[:cut]) == signed["attached"]
    assert verdict.message


_VALIDATORS: dict[int, Validator] = {}


def _shared(authority, clock) -> Validator:
    """One validator per authority across hypothesis examples (publishing CRLs each time is slow)."""
    if id(authority) not in _VALIDATORS:
        _VALIDATORS[id(authority)] = validator_of(authority, clock)
    return _VALIDATORS[id(authority)]


def test_card_signed_pdf_validates_in_pyhanko_and_pdfsig(token, authority, clock, tmp_path):
    signed = sign_pdf(token, one_page_pdf(), reason="contract", location="Tokyo")
    verdicts = verify_pdf(validator_of(authority, clock), signed)
    assert len(verdicts) == 1
    assert verdicts[0].valid, verdicts[0].lines()
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature Validation: Signature is Valid." in result.stdout, result.stdout
    # Altering a signed byte: both refuse.
    tampered = bytearray(signed)
    at = signed.index(b"JPKI test document")
    tampered[at] = ord("X")
    path.write_bytes(bytes(tampered))
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature is Valid." not in result.stdout
    altered = verify_pdf(validator_of(authority, clock), bytes(tampered))
    assert not altered[0].intact


def test_garbage_pdf_is_malformed(authority, clock):
    verdicts = verify_pdf(validator_of(authority, clock), b"%PDF-1.7 nothing here")
    assert verdicts[0].certificate.status is Status.MALFORMED
