"""Authority workers sharing one PostgreSQL: a worker's cached OCSP answers follow every
revocation any worker commits, whatever order the commits land in, and are not served once
its poller has fallen behind the bound (issue 26; the served form is tests/world)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp

from jpki.authority import revocation
from jpki.authority.service import Authority
from jpki.authority.verifiers import VerifierIdentity
from jpki.clock import ManualClock
from jpki.profile.reasons import RevocationCause
from tests.holders import TARO, AuthorityFactory, Holder, PostgresServer, make_holder

HANAKO = dataclasses.replace(TARO, name="試験　花子", birth_date=dt.date(1990, 4, 1))
VERIFIER = VerifierIdentity(1, "platform", linkage_allowed=True)


def _request(authority: Authority, holder: Holder) -> bytes:
    certificate = x509.load_der_x509_certificate(holder.auth.der)
    issuer = authority.authorities.by_id(holder.auth.generation_id).certificate
    builder = ocsp.OCSPRequestBuilder().add_certificate(certificate, issuer, hashes.SHA1())
    return builder.build().public_bytes(Encoding.DER)


def _workers(
    make_authority: AuthorityFactory, postgres: PostgresServer, clock: ManualClock
) -> tuple[Authority, Authority, Authority]:
    first = make_authority(database_url=postgres.new_database())
    return first, Authority(first.settings, clock), Authority(first.settings, clock)


def test_a_revocation_committed_after_a_later_one_still_evicts_the_cached_answer(
    make_authority: AuthorityFactory, postgres: PostgresServer, clock: ManualClock
) -> None:
    """Worker A takes revocation id n and commits late; worker B takes n+1 and commits first.
    Worker C's poll sees n+1 before n exists; its next poll must still find n."""
    a, b, c = _workers(make_authority, postgres, clock)
    try:
        slow, fast = make_holder(a, TARO), make_holder(a, HANAKO)
        requests = {h.auth.serial: _request(c, h) for h in (slow, fast)}
        for body in requests.values():
            c.responder.respond(body, VERIFIER)
            assert c.responder.cached(body, VERIFIER) is not None
        with a.database.transaction() as late:
            row = revocation.get_certificate(late, slow.auth.serial)
            assert revocation.revoke(late, row, RevocationCause.VOLUNTARY, clock.now())
            b.revoke(fast.auth.serial, RevocationCause.VOLUNTARY)  # commits while A has not
            c.poll_changes()
            assert c.responder.cached(requests[fast.auth.serial], VERIFIER) is None
            assert c.responder.cached(requests[slow.auth.serial], VERIFIER) is not None
        c.poll_changes()  # A has committed now
        assert c.responder.cached(requests[slow.auth.serial], VERIFIER) is None
        answer = ocsp.load_der_ocsp_response(
            c.responder.respond(requests[slow.auth.serial], VERIFIER).der
        )
        assert answer.certificate_status is ocsp.OCSPCertStatus.REVOKED
    finally:
        b.close()
        c.close()


def test_cached_answers_are_served_only_within_the_bound_of_the_last_poll(
    make_authority: AuthorityFactory, clock: ManualClock
) -> None:
    authority = make_authority()
    holder = make_holder(authority)
    body = _request(authority, holder)
    authority.responder.respond(body, VERIFIER)
    assert authority.responder.cached(body, VERIFIER) is not None  # one process: exact anyway
    authority.responder.serve_cached_within(2.0)
    assert authority.responder.cached(body, VERIFIER) is None  # never polled
    authority.responder.polled(time.monotonic() - 5.0)
    assert authority.responder.cached(body, VERIFIER) is None  # polled too long ago
    authority.poll_changes()
    assert authority.responder.cached(body, VERIFIER) is not None
