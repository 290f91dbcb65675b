"""The OCSP client against our authority's responder (called in-process through an httpx
transport): caching until nextUpdate, nonces, the seeds' extensions, and forged or mutated
responses that must fail closed, never crash."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause, RevocationReason
from jpki.verifier.anchors import TrustAnchors
from jpki.verifier.errors import RevocationDataError
from jpki.verifier.revocation.ocsp import OcspClient
from jpki.verifier.validation import Validator
from jpki.verifier.verdict import SourceKind, Status
from tests.holders import make_holder

AUTH = CertificatePurpose.AUTH


class Responder:
    """An httpx transport handing requests to the authority's real OCSP responder."""

    def __init__(self, authority) -> None:
        self.authority = authority
        self.identity, _ = authority.accredit_verifier("test verifier")
        self.requests = 0
        self.tamper = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        der = self.authority.responder.respond(request.content, self.identity).der
        if self.tamper is not None:
            der = self.tamper(der)
        return httpx.Response(200, content=der)


@pytest.fixture
def responder(authority):
    return Responder(authority)


def client(responder, clock, *, nonce=False) -> OcspClient:
    http = httpx.Client(transport=httpx.MockTransport(responder))
    return OcspClient("http://authority.test/ocsp", clock, http=http, nonce=nonce)


def anchors_of(authority) -> TrustAnchors:
    return TrustAnchors(g.certificate for g in authority.authorities.all())


def test_good_then_cached_until_next_update(authority, clock, responder):
    holder = make_holder(authority)
    anchors = anchors_of(authority)
    ocsp = client(responder, clock)
    validator = Validator(anchors, ocsp, clock)
    first = validator.check(holder.auth.der)
    assert first.status is Status.VALID
    assert first.source.kind is SourceKind.OCSP
    assert first.linkage is not None
    assert first.linkage.other_purpose_serial == holder.sign.serial
    validator.check(holder.auth.der)
    assert responder.requests == 1  # the second answer came from the cache
    authority.revoke(holder.auth.serial, RevocationCause.CARD_LOST)
    assert validator.check(holder.auth.der).status is Status.VALID  # cached until nextUpdate
    assert first.source.next_update is not None
    clock.set(first.source.next_update + dt.timedelta(seconds=1))
    revoked = validator.check(holder.auth.der)
    assert revoked.status is Status.REVOKED
    assert revoked.reason is RevocationReason.CERTIFICATE_HOLD
    assert responder.requests == 2


def test_nonce_is_sent_and_checked(authority, clock, responder):
    holder = make_holder(authority)
    validator = Validator(anchors_of(authority), client(responder, clock, nonce=True), clock)
    assert validator.check(holder.auth.der).status is Status.VALID
    responder.tamper = lambda der: der  # a replayed response would carry another nonce
    stale_reply = responder.authority.responder.respond(
        _request_without_nonce(holder, authority), responder.identity
    ).der
    responder.tamper = lambda _: stale_reply
    clock.advance(dt.timedelta(days=2))
    verdict = validator.check(holder.auth.der)
    assert verdict.status is Status.REVOCATION_UNKNOWN
    assert "nonce" in verdict.message


def _request_without_nonce(holder, authority) -> bytes:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509 import ocsp

    root = authority.authorities.current(AUTH).certificate
    return (
        ocsp.OCSPRequestBuilder()
        .add_certificate(holder.auth.certificate, root, hashes.SHA1())
        .build()
        .public_bytes(serialization.Encoding.DER)
    )


def test_response_from_another_authority_is_refused(authority, make_authority, clock, responder):
    holder = make_holder(authority)
    stranger = make_authority()
    other = Responder(stranger)
    responder.tamper = lambda _: (
        other.authority.responder.respond(
            _request_without_nonce(holder, authority), other.identity
        ).der
    )
    verdict = Validator(anchors_of(authority), client(responder, clock), clock).check(
        holder.auth.der
    )
    assert verdict.status is Status.REVOCATION_UNKNOWN


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_responses_fail_closed(authority, clock, responder, data):
    holder = _holder(authority)
    anchors = anchors_of(authority)
    good = responder.authority.responder.respond(
        _request_without_nonce(holder, authority), responder.identity
    ).der
    mutated = bytearray(good)
    for _ in range(data.draw(st.integers(1, 3))):
        mutated[data.draw(st.integers(0, len(mutated) - 1))] ^= data.draw(st.integers(1, 255))
    anchor = next(a for a in anchors if a.purpose is AUTH)
    ocsp = client(responder, clock)
    try:
        answer = ocsp.read_response(
            bytes(mutated), holder.auth.certificate, anchor, None, clock.now()
        )
    except RevocationDataError:
        return
    # A mutation that still verifies can only be in an unsigned part (e.g. the certificates).
    assert answer.known
    assert answer.revocation is None


_HOLDERS: dict[int, object] = {}


def _holder(authority):
    if id(authority) not in _HOLDERS:
        _HOLDERS[id(authority)] = make_holder(authority)
    return _HOLDERS[id(authority)]
