"""The client's token layer against our card through the in-process reader."""

import hashlib

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.card.os import Card
from jpki.client.cms import sign_detached
from jpki.client.errors import CardRefused, PinBlocked, WrongPin
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.profile.purpose import CertificatePurpose
from tests.holders import AUTH_PIN, SIGN_PASSWORD
from tests.openssl_cli import at_time, openssl

AUTH, SIGN = CertificatePurpose.AUTH, CertificatePurpose.SIGN


@pytest.fixture
def token(personalised):
    return JpkiToken(InProcessReader(Card(personalised[0])))


def test_reads_certificates_and_guards_the_signing_one(token, personalised):
    _, issued = personalised
    assert token.certificate(AUTH).public_bytes(Encoding.DER) == issued.of_purpose(AUTH).der
    with pytest.raises(CardRefused) as refused:
        token.certificate(SIGN)
    assert refused.value.status == 0x6982
    token.verify(SIGN, SIGN_PASSWORD.lower())
    assert token.certificate(SIGN).public_bytes(Encoding.DER) == issued.of_purpose(SIGN).der


def test_wrong_pins_report_tries_then_block(token):
    assert token.pin_status(AUTH).tries_left == 3
    with pytest.raises(WrongPin) as wrong:
        token.verify(AUTH, "9999")
    assert wrong.value.tries_left == 2
    token.verify(AUTH, AUTH_PIN)
    for _ in range(2):
        with pytest.raises(WrongPin):
            token.verify(AUTH, "9999")
    with pytest.raises(PinBlocked):
        token.verify(AUTH, "9999")
    assert token.pin_status(AUTH).blocked


def test_change_pin(token):
    token.change_pin(AUTH, AUTH_PIN, "2468")
    with pytest.raises(WrongPin):
        token.verify(AUTH, AUTH_PIN)
    token.verify(AUTH, "2468")
    with pytest.raises(CardRefused):
        token.change_pin(AUTH, "2468", "12")


def test_challenge_signature_verifies(token, personalised):
    token.verify(AUTH, AUTH_PIN)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(b"nonce")
    signature = token.sign_digest(AUTH, "sha256", digest.finalize())
    token.certificate(AUTH).public_key().verify(
        signature, b"nonce", padding.PKCS1v15(), hashes.SHA256()
    )


def test_detached_cms_is_accepted_by_openssl(token, authority, tmp_path):
    token.verify(SIGN, SIGN_PASSWORD)
    document = tmp_path / "contract.txt"
    document.write_text("電子契約書")
    signature = tmp_path / "contract.p7s"
    signature.write_bytes(
        sign_detached(token, document.read_bytes(), token.certificate(SIGN), authority.clock.now())
    )
    parsed = cms.ContentInfo.load(signature.read_bytes())["content"]["signer_infos"][0]
    attributes = {a["type"].native: a["values"][0] for a in parsed["signed_attrs"]}
    essential = attributes["signing_certificate_v2"]["certs"][0]["cert_hash"].native
    assert essential == hashlib.sha256(token.certificate(SIGN).public_bytes(Encoding.DER)).digest()
    roots = authority.settings.roots_dir / "sign-ca.pem"
    verify = ["cms", "-verify", *at_time(authority.clock.now()), "-binary", "-content", document,
              "-inform", "DER", "-in", signature, "-CAfile", roots, "-purpose", "any", "-out", "/dev/null"]  # fmt: skip
    result = openssl(*verify)
    assert result.returncode == 0, result.stderr
    assert "Verification successful" in result.stderr
    document.write_text("改ざん")
    tampered = openssl(*verify)
    assert tampered.returncode != 0
