"""PIN-less authentication as seed 000 designs it: the terminal proves itself, not the holder."""

import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils

from jpki.card.image import generate_key
from jpki.card.os import Card
from jpki.client.errors import CardRefused
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.profile.pinless import pinless_digest
from jpki.profile.purpose import CertificatePurpose
from tests.holders import AUTH_PIN

AUTH, SIGN = CertificatePurpose.AUTH, CertificatePurpose.SIGN
DIGEST = hashlib.sha256(b"ticket gate").digest()


@pytest.fixture
def terminal(authority):
    key = generate_key()
    return authority.issue_terminal_certificate("1310100001", key.public_key()), key


@pytest.fixture
def token(personalised):
    return JpkiToken(InProcessReader(Card(personalised[0])))


def test_without_pin_or_terminal_the_key_does_not_sign(token):
    with pytest.raises(CardRefused) as refused:
        token.sign_digest(AUTH, "sha256", DIGEST)
    assert refused.value.status == 0x6982


def test_an_authenticated_terminal_gets_signatures_bound_to_its_institution(
    token, terminal, personalised
):
    token.authenticate_terminal(*terminal)
    result = token.sign_digest_pinless(DIGEST)
    assert result.institution_code == "1310100001"
    certificate = personalised[1].of_purpose(AUTH).certificate
    certificate.public_key().verify(
        result.signature,
        pinless_digest("1310100001", DIGEST),
        padding.PKCS1v15(),
        utils.Prehashed(hashes.SHA256()),
    )
    with pytest.raises(Exception):  # noqa: B017, PT011  a PIN-less signature is not a PIN one
        certificate.public_key().verify(
            result.signature, DIGEST, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256())
        )


def test_the_signing_key_still_needs_its_password(token, terminal):
    token.authenticate_terminal(*terminal)
    with pytest.raises(CardRefused) as refused:
        token.sign_digest(SIGN, "sha256", DIGEST)
    assert refused.value.status == 0x6982


def test_a_terminal_not_certified_by_jlis_is_refused(token, make_authority, terminal):
    stranger = make_authority()
    key = generate_key()
    with pytest.raises(CardRefused) as refused:
        token.authenticate_terminal(
            stranger.issue_terminal_certificate("9999999999", key.public_key()), key
        )
    assert refused.value.status == 0x6A80


def test_a_wrong_or_replayed_answer_is_refused(token, terminal):
    certificate, _ = terminal
    with pytest.raises(CardRefused) as refused:
        token.authenticate_terminal(certificate, generate_key())
    assert refused.value.status == 0x6300
    reader = token.reader
    again = reader.transmit(bytes.fromhex("008200000100"))
    assert again[-2:] == bytes.fromhex("6985")
    with pytest.raises(CardRefused):
        token.sign_digest(AUTH, "sha256", DIGEST)


def test_pin_signatures_stay_plain_after_pinless_mode(token, terminal, personalised):
    token.authenticate_terminal(*terminal)
    token.verify(AUTH, AUTH_PIN)
    signature = token.sign_digest(AUTH, "sha256", DIGEST)
    personalised[1].of_purpose(AUTH).certificate.public_key().verify(
        signature, DIGEST, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256())
    )
