"""Challenge-response login: what succeeds, and a distinct refusal for every way it can fail."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.card.os import Card
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.profile.challenge import authentication_digest
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause
from jpki.protocol.levels import Level
from jpki.verifier.challenge import (
    AuthenticationResponse,
    Authenticator,
    Challenge,
    ChallengeBook,
)
from jpki.verifier.errors import (
    AuthenticationRefused,
    BadSignature,
    CertificateRejected,
    CrossOrigin,
    CrossProvider,
    ExpiredChallenge,
    ReplayedChallenge,
    UnknownChallenge,
)
from jpki.verifier.verdict import Status
from tests.holders import AUTH_PIN, card_key
from tests.verifier.validators import validator_of

AUTH = CertificatePurpose.AUTH
TERMINAL_KEY = card_key()
BANK, ORIGIN = "bank-001", "https://bank.example"


@pytest.fixture
def token(personalised):
    return JpkiToken(InProcessReader(Card(personalised[0])))


@pytest.fixture
def book(clock):
    return ChallengeBook(clock)


@pytest.fixture
def authenticator(authority, clock, book):
    return Authenticator(validator_of(authority, clock), book)


def answer(
    token: JpkiToken,
    challenge: Challenge,
    *,
    provider: str | None = None,
    origin: str | None = None,
) -> AuthenticationResponse:
    """What an honest client does: sign the digest of what it sees, with the PIN."""
    provider, origin = provider or challenge.provider, origin or challenge.origin
    token.verify(AUTH, AUTH_PIN)
    signature = token.sign_digest(
        AUTH, "sha256", authentication_digest(provider, origin, challenge.nonce)
    )
    return AuthenticationResponse(
        challenge.nonce,
        provider,
        origin,
        token.certificate(AUTH).public_bytes(Encoding.DER),
        signature,
    )


def test_login_with_pin(token, book, authenticator):
    challenge = book.issue(BANK, ORIGIN)
    assert len(challenge.nonce) * 8 >= 256
    login = authenticator.verify(answer(token, challenge), provider=BANK, origin=ORIGIN)
    assert login.assurance is Level.PIN
    assert login.verdict.status is Status.VALID
    assert login.verdict.purpose is AUTH


def test_replay_is_refused(token, book, authenticator):
    response = answer(token, book.issue(BANK, ORIGIN))
    authenticator.verify(response, provider=BANK, origin=ORIGIN)
    with pytest.raises(ReplayedChallenge):
        authenticator.verify(response, provider=BANK, origin=ORIGIN)


def test_unknown_and_expired(token, book, authenticator, clock):
    stranger = ChallengeBook(clock).issue(BANK, ORIGIN)
    with pytest.raises(UnknownChallenge):
        authenticator.verify(answer(token, stranger), provider=BANK, origin=ORIGIN)
    challenge = book.issue(BANK, ORIGIN)
    clock.advance(dt.timedelta(seconds=61))
    with pytest.raises(ExpiredChallenge):
        authenticator.verify(answer(token, challenge), provider=BANK, origin=ORIGIN)


def test_phishing_origin_is_refused(token, book, authenticator):
    """A phishing site relays the bank's challenge; the holder's browser signs its own origin."""
    challenge = book.issue(BANK, ORIGIN)
    relayed = answer(token, challenge, origin="https://bank-login.example")
    with pytest.raises(CrossOrigin):
        authenticator.verify(relayed, provider=BANK, origin=ORIGIN)


def test_lying_about_the_origin_breaks_the_signature(token, book, authenticator):
    challenge = book.issue(BANK, ORIGIN)
    response = answer(token, challenge, origin="https://evil.example")
    lied = AuthenticationResponse(
        response.nonce, BANK, ORIGIN, response.certificate, response.signature
    )
    with pytest.raises(BadSignature):
        authenticator.verify(lied, provider=BANK, origin=ORIGIN)


def test_cross_provider_is_refused(token, book, authenticator):
    challenge = book.issue("insurer-002", ORIGIN)
    with pytest.raises(CrossProvider):
        authenticator.verify(answer(token, challenge), provider=BANK, origin=ORIGIN)


def test_signing_certificate_cannot_log_in(token, book, authenticator, personalised):
    from tests.holders import SIGN_PASSWORD

    challenge = book.issue(BANK, ORIGIN)
    token.verify(CertificatePurpose.SIGN, SIGN_PASSWORD)
    digest = authentication_digest(BANK, ORIGIN, challenge.nonce)
    response = AuthenticationResponse(
        challenge.nonce,
        BANK,
        ORIGIN,
        token.certificate(CertificatePurpose.SIGN).public_bytes(Encoding.DER),
        token.sign_digest(CertificatePurpose.SIGN, "sha256", digest),
    )
    with pytest.raises(CertificateRejected) as refused:
        authenticator.verify(response, provider=BANK, origin=ORIGIN)
    assert refused.value.verdict.status is Status.UNTRUSTED


def test_revoked_card_is_refused_with_the_reason(token, book, authority, clock, personalised):
    _, issued = personalised
    authority.revoke(issued.of_purpose(AUTH).serial, RevocationCause.CARD_LOST)
    authenticator = Authenticator(validator_of(authority, clock), book)
    with pytest.raises(CertificateRejected) as refused:
        authenticator.verify(answer(token, book.issue(BANK, ORIGIN)), provider=BANK, origin=ORIGIN)
    assert refused.value.verdict.status is Status.REVOKED
    assert refused.value.verdict.reason == 6  # certificateHold: card lost


def test_pinless_login_is_lower_assurance(token, book, authority, clock):
    terminal = authority.issue_terminal_certificate("1310100001", _terminal_key().public_key())
    challenge = book.issue(BANK, ORIGIN)
    token.authenticate_terminal(terminal, _terminal_key())
    result = token.sign_digest_pinless(authentication_digest(BANK, ORIGIN, challenge.nonce))
    response = AuthenticationResponse(
        challenge.nonce,
        BANK,
        ORIGIN,
        token.certificate(AUTH).public_bytes(Encoding.DER),
        result.signature,
        result.institution_code,
    )
    only_other_terminals = Authenticator(validator_of(authority, clock), book, terminals={"9999"})
    with pytest.raises(AuthenticationRefused):
        only_other_terminals.verify(response, provider=BANK, origin=ORIGIN)
    second = book.issue(BANK, ORIGIN)
    result = token.sign_digest_pinless(authentication_digest(BANK, ORIGIN, second.nonce))
    response = AuthenticationResponse(
        second.nonce, BANK, ORIGIN, response.certificate, result.signature, "1310100001"
    )
    login = Authenticator(validator_of(authority, clock), book).verify(
        response, provider=BANK, origin=ORIGIN
    )
    assert login.assurance is Level.PINLESS
    assert login.institution_code == "1310100001"
    # The same signature presented as a PIN login does not verify: it is over another digest.
    third = book.issue(BANK, ORIGIN)
    result = token.sign_digest_pinless(authentication_digest(BANK, ORIGIN, third.nonce))
    as_pin = AuthenticationResponse(
        third.nonce, BANK, ORIGIN, response.certificate, result.signature
    )
    with pytest.raises(BadSignature):
        Authenticator(validator_of(authority, clock), book).verify(
            as_pin, provider=BANK, origin=ORIGIN
        )


def _terminal_key():
    """One terminal key for the module (the pool in conftest hands out the same first key)."""
    return TERMINAL_KEY


def test_malformed_certificate_in_response(book, authenticator):
    challenge = book.issue(BANK, ORIGIN)
    response = AuthenticationResponse(challenge.nonce, BANK, ORIGIN, b"\x30\x03\x02\x01", b"x")
    with pytest.raises(CertificateRejected) as refused:
        authenticator.verify(response, provider=BANK, origin=ORIGIN)
    assert refused.value.verdict.status is Status.MALFORMED
