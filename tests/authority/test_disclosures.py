"""J-LIS's disclosure records: OCSP statuses, linkage look-ups and the latest 4 information
given to accredited verifiers, answered only to the resident whose certificates they were."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from jpki.authority import events
from jpki.authority.api.app import build_app
from jpki.protocol.disclosures import FOUR_INFO_ITEMS, Kind, Party, VerifiedHolder
from tests.authority.ocsp_requests import request_for
from tests.holders import make_holder


def holder_of(holder) -> VerifiedHolder:  # type: ignore[no-untyped-def]
    return VerifiedHolder(certificate=holder.auth.der, serial=holder.auth.serial)


def test_ocsp_and_linkage_are_recorded_for_the_resident_only(authority, clock):
    verifier, key = authority.accredit_verifier("デモ検証者 / Demo verifier")
    taro, other = make_holder(authority), make_holder(authority)
    client = TestClient(build_app(authority, background=False))
    for certificate in (taro.sign, other.auth):
        answered = client.post(
            "/ocsp", content=request_for(authority, certificate),
            headers={"X-JPKI-Verifier-Key": key},
        )  # fmt: skip
        assert answered.status_code == 200
    clock.advance(dt.timedelta(seconds=1))  # the OCSP records wait in the buffer meanwhile
    authority.linkage(verifier, taro.sign.serial)

    mine = authority.disclosures.disclosures_of(holder_of(taro))
    assert [(d.kind, d.recipient, d.party) for d in mine] == [
        (Kind.LINKAGE, "デモ検証者 / Demo verifier", Party.AUTHORITY),
        (Kind.OCSP, "デモ検証者 / Demo verifier", Party.AUTHORITY),
    ]  # the signing certificate's records, found by the authentication certificate
    assert [d.kind for d in authority.disclosures.disclosures_of(holder_of(other))] == [Kind.OCSP]


def test_the_latest_four_information_is_recorded(authority, clock):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    from jpki.profile.consent import consent_message

    verifier, _ = authority.accredit_verifier("platform")
    taro = make_holder(authority)
    consent = taro.sign_key.sign(
        consent_message(verifier.id, taro.sign.serial), padding.PKCS1v15(), hashes.SHA256()
    )
    authority.record_consent(verifier, taro.sign.serial, consent)
    authority.apply_event(taro.resident.id, events.Move("大阪府大阪市北区梅田１丁目１番"))
    authority.latest_four_info(verifier, taro.sign.serial)

    (given,) = authority.disclosures.disclosures_of(holder_of(taro))
    assert given.kind is Kind.FOUR_INFO
    assert given.items == FOUR_INFO_ITEMS


def test_a_certificate_not_as_issued_is_answered_nothing(authority):
    verifier, _ = authority.accredit_verifier("platform")
    taro, other = make_holder(authority), make_holder(authority)
    authority.linkage(verifier, taro.auth.serial)
    forged = VerifiedHolder(certificate=other.auth.der, serial=taro.auth.serial)
    assert authority.disclosures.disclosures_of(forged) == []
