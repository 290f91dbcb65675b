"""The OCSP responder: statuses, nonce, extensions, caching, and never crashing on bad input."""

import base64
import os

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.authority import events
from jpki.authority.ocsp.asgi import decode_get_path
from jpki.authority.ocsp.responder import MALFORMED, UNAUTHORIZED
from jpki.profile import oids
from jpki.profile.extensions import (
    decode_latest_four_info,
    decode_linkage,
    decode_revocation_detail,
)
from jpki.profile.reasons import RevocationCause
from tests.authority.ocsp_requests import request_for
from tests.holders import make_holder


def parse(answer):
    return ocsp.load_der_ocsp_response(answer.der)


@pytest.fixture
def verifier(authority):
    identity, _ = authority.accredit_verifier("bank")
    return identity


def test_good_then_revoked_with_reason_after_a_move(authority, holder, verifier):
    request = request_for(authority, holder.sign)
    good = parse(authority.responder.respond(request, verifier))
    assert good.certificate_status is ocsp.OCSPCertStatus.GOOD
    authority.apply_event(holder.resident.id, events.Move("大阪府大阪市北区梅田１丁目１番"))
    revoked = parse(authority.responder.respond(request, verifier))
    assert revoked.certificate_status is ocsp.OCSPCertStatus.REVOKED
    assert revoked.revocation_reason is x509.ReasonFlags.affiliation_changed
    auth = parse(authority.responder.respond(request_for(authority, holder.auth), verifier))
    assert auth.certificate_status is ocsp.OCSPCertStatus.GOOD


def test_response_is_signed_by_the_generations_delegated_responder(authority, holder, verifier):
    response = parse(authority.responder.respond(request_for(authority, holder.auth), verifier))
    responder = response.certificates[0]
    root = authority.authorities.current(holder.auth.purpose).certificate
    responder.verify_directly_issued_by(root)
    eku = responder.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert x509.oid.ExtendedKeyUsageOID.OCSP_SIGNING in eku
    from cryptography.hazmat.primitives.asymmetric import padding

    responder.public_key().verify(
        response.signature, response.tbs_response_bytes, padding.PKCS1v15(), hashes.SHA256()
    )


def test_nonce_is_echoed_and_such_responses_are_not_cached(authority, holder, verifier):
    nonce = os.urandom(16)
    request = request_for(authority, holder.auth, nonce=nonce)
    response = parse(authority.responder.respond(request, verifier))
    assert response.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce == nonce
    assert authority.responder.cached(request, verifier) is None


def test_cached_response_is_evicted_by_a_revocation(authority, holder, verifier):
    request = request_for(authority, holder.auth, algorithm=hashes.SHA256())
    first = authority.responder.respond(request, verifier)
    assert authority.responder.cached(request, verifier) is first
    authority.apply_event(holder.resident.id, events.LoseCard())
    assert authority.responder.cached(request, verifier) is None
    assert parse(authority.responder.respond(request, verifier)).revocation_reason is (
        x509.ReasonFlags.certificate_hold
    )


def test_unknown_serial_and_unknown_issuer(authority, holder, verifier):
    view = authority.certificate(holder.auth.serial)
    unknown = (
        ocsp.OCSPRequestBuilder()
        .add_certificate_by_hash(b"\0" * 20, b"\0" * 20, 12345, hashes.SHA1())
        .build()
        .public_bytes(serialization.Encoding.DER)
    )
    assert authority.responder.respond(unknown, verifier).der == UNAUTHORIZED
    name_hash = authority.authorities.current(view.purpose).issuer_name_hash("sha1")
    key_hash = authority.authorities.current(view.purpose).issuer_key_hash("sha1")
    never_issued = (
        ocsp.OCSPRequestBuilder()
        .add_certificate_by_hash(name_hash, key_hash, 12345, hashes.SHA1())
        .build()
        .public_bytes(serialization.Encoding.DER)
    )
    assert parse(authority.responder.respond(never_issued, verifier)).certificate_status is (
        ocsp.OCSPCertStatus.UNKNOWN
    )


@pytest.mark.parametrize("serial", [2**63, 2**64 + 1, 2**159])
def test_serials_beyond_the_stored_range_are_unknown(authority, holder, verifier, serial):
    """An OCSP request may name any INTEGER; the store keeps 63 bits (issue 19, defect 4)."""
    current = authority.authorities.current(holder.auth.purpose)
    request = (
        ocsp.OCSPRequestBuilder()
        .add_certificate_by_hash(
            current.issuer_name_hash("sha1"), current.issuer_key_hash("sha1"), serial, hashes.SHA1()
        )
        .build()
        .public_bytes(serialization.Encoding.DER)
    )
    response = parse(authority.responder.respond(request, verifier))
    assert response.response_status is ocsp.OCSPResponseStatus.SUCCESSFUL
    assert response.certificate_status is ocsp.OCSPCertStatus.UNKNOWN
    assert response.serial_number == serial


def test_linkage_extension_only_for_verifiers_allowed_linkage(authority, holder, verifier):
    request = request_for(authority, holder.auth)
    response = parse(authority.responder.respond(request, verifier))
    linkage = response.single_extensions.get_extension_for_oid(oids.CERTIFICATE_LINKAGE)
    assert decode_linkage(linkage.value.value).other_purpose_serial == holder.sign.serial
    plain, _ = authority.accredit_verifier("no linkage", linkage_allowed=False)
    response = parse(authority.responder.respond(request, plain))
    assert oids.CERTIFICATE_LINKAGE not in [e.oid for e in response.single_extensions]


def test_seeds_step_1_and_step_2_in_single_extensions(make_authority):
    from cryptography.hazmat.primitives.asymmetric import padding

    from jpki.profile.consent import consent_message

    authority = make_authority(seeds_improvements=True)
    holder = make_holder(authority)
    verifier, _ = authority.accredit_verifier("life insurer")
    signature = holder.sign_key.sign(
        consent_message(verifier.id, holder.sign.serial), padding.PKCS1v15(), hashes.SHA256()
    )
    authority.record_consent(verifier, holder.sign.serial, signature)
    authority.apply_event(holder.resident.id, events.Move("大阪府大阪市北区梅田１丁目１番"))
    response = parse(authority.responder.respond(request_for(authority, holder.sign), verifier))
    extensions = response.single_extensions
    detail = decode_revocation_detail(
        extensions.get_extension_for_oid(oids.REVOCATION_DETAIL).value.value
    )
    assert detail.cause is RevocationCause.FOUR_INFO_CHANGED
    assert detail.changed_fields == {"address"}
    latest = decode_latest_four_info(
        extensions.get_extension_for_oid(oids.LATEST_FOUR_INFO).value.value
    )
    assert latest.address == "大阪府大阪市北区梅田１丁目１番"


def test_get_form_decodes_url_encoded_base64(authority, holder):
    request = request_for(authority, holder.auth)
    encoded = base64.b64encode(request).replace(b"/", b"%2F").replace(b"+", b"%2B")
    assert decode_get_path(b"/ocsp/" + encoded, b"/ocsp") == request
    assert decode_get_path(b"/ocsp/%%%", b"/ocsp") is None


@settings(
    max_examples=int(os.environ.get("JPKI_FUZZ_EXAMPLES", "300")),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(junk=st.binary(max_size=300))
def test_arbitrary_bytes_get_malformed_request(authority, verifier, junk):
    answer = authority.responder.respond(junk, verifier)
    assert answer.der in (MALFORMED, UNAUTHORIZED) or parse(answer).response_status is not None


@settings(
    max_examples=int(os.environ.get("JPKI_FUZZ_EXAMPLES", "300")),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_mutated_and_truncated_requests_never_crash(authority, holder, verifier, data):
    request = bytearray(request_for(authority, holder.auth))
    cut = data.draw(st.integers(min_value=0, max_value=len(request)))
    position = data.draw(st.integers(min_value=0, max_value=len(request) - 1))
    request[position] = data.draw(st.integers(min_value=0, max_value=255))
    for body in (bytes(request), bytes(request[:cut])):
        answer = authority.responder.respond(body, verifier)
        assert ocsp.load_der_ocsp_response(answer.der).response_status is not None
