"""Issuing JPKI certificates to a phone from the card (スマホ用電子証明書), its refusals and lifecycle.

Each test drives the holder's whole act: Taro's card (the `personalised` fixture) in an
in-process reader signs the request with the signing password, the phone's secure element (a
card image of the phone medium) makes its keys, J-LIS issues or refuses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from jpki.authority import events
from jpki.authority.phone import PhoneRefused
from jpki.authority.service import Authority, IssuedCard
from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.client.errors import WrongPin
from jpki.client.phone import request_phone
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.profile.medium import PHONE_POLICY, Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause, RevocationReason
from jpki.protocol.phone import PhoneIssued, PhoneRefusal
from jpki.world.phones import SecureElements, issue_from_card
from tests.holders import SIGN_PASSWORD, TARO, make_holder

PHONE_PIN, PHONE_PASSWORD = "9876", "PHONE2026"
AUTH, SIGN = CertificatePurpose.AUTH, CertificatePurpose.SIGN


def issue(
    authority: Authority,
    card: ImageStore,
    tmp_path: Path,
    *,
    resident_id: str | None = None,
    password: str = SIGN_PASSWORD,
) -> tuple[ImageStore, PhoneIssued]:
    holder = resident_id or authority.residents()[0].id
    return issue_from_card(
        SecureElements(tmp_path / "phones"),
        authority.issue_phone,
        InProcessReader(Card(card)),
        resident_id=holder,
        sign_password=password,
        phone_pin=PHONE_PIN,
        phone_password=PHONE_PASSWORD,
        now=authority.clock.now(),
    )


def statuses(authority: Authority, resident_id: str) -> dict[int, tuple[str, str | None]]:
    """Serial -> (card or phone, revocation cause) of every certificate of the resident."""
    phones = {p.id for p in authority.phones_of(resident_id)}
    return {
        c.serial: (
            "phone" if c.card_id in phones else "card",
            c.revocation.cause.value if c.revocation else None,
        )
        for c in authority.certificates_of(resident_id)
    }


def refused(code: PhoneRefusal, excinfo: pytest.ExceptionInfo[PhoneRefused]) -> None:
    assert excinfo.value.code is code
    assert code.message in str(excinfo.value)


def nothing_issued(authority: Authority, tmp_path: Path, before: int) -> None:
    resident = authority.residents()[0].id
    assert len(authority.certificates_of(resident)) == before
    assert authority.phones_of(resident) == []
    folder = tmp_path / "phones"
    assert not folder.exists() or [p.name for p in folder.iterdir()] == []


def test_the_phone_gets_both_certificates_with_the_cards_four_info(
    authority: Authority, personalised: tuple[ImageStore, IssuedCard], tmp_path: Path
) -> None:
    card, issued_card = personalised
    phone, issued = issue(authority, card, tmp_path)
    token = JpkiToken(InProcessReader(Card(phone)))
    assert token.medium() is Medium.PHONE
    assert JpkiToken(InProcessReader(Card(card))).medium() is Medium.CARD
    auth = x509.load_der_x509_certificate(issued.auth_certificate)
    assert token.certificate(AUTH) == auth
    for der in (issued.auth_certificate, issued.sign_certificate):
        policies = x509.load_der_x509_certificate(der).extensions.get_extension_for_class(
            x509.CertificatePolicies
        )
        assert PHONE_POLICY in [p.policy_identifier for p in policies.value]
    token.verify(SIGN, PHONE_PASSWORD)
    sign = token.certificate(SIGN)
    card_sign = issued_card.of_purpose(SIGN)
    assert card_sign is not None
    assert sign.extensions.get_extension_for_class(
        x509.SubjectAlternativeName
    ) == card_sign.certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert sign.public_key() != card_sign.certificate.public_key()  # the phone's own keys
    # The phone answers with its own PIN, not the card's.
    with pytest.raises(WrongPin):
        token.verify(AUTH, "1234")
    token.verify(AUTH, PHONE_PIN)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(b"login")
    value = digest.finalize()
    signature = token.sign_digest(AUTH, "sha256", value)
    key = auth.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(signature, b"login", padding.PKCS1v15(), hashes.SHA256())
    phones = authority.phones_of(authority.residents()[0].id)
    assert [(p.id, p.medium, p.source_card_id) for p in phones] == [
        (issued.phone_id, Medium.PHONE, issued_card.card.id)
    ]


def test_phone_validity_never_outlives_the_cards(
    authority: Authority, personalised: tuple[ImageStore, IssuedCard], tmp_path: Path, clock
) -> None:
    card, issued_card = personalised
    clock.advance(dt.timedelta(days=400))  # a new certificate today would run a year longer
    _, issued = issue(authority, card, tmp_path)
    for purpose, der in ((AUTH, issued.auth_certificate), (SIGN, issued.sign_certificate)):
        on_card = issued_card.of_purpose(purpose)
        assert on_card is not None
        phone = x509.load_der_x509_certificate(der)
        assert phone.not_valid_after_utc == on_card.not_after


def test_a_wrong_signing_password_counts_down_on_the_card_and_issues_nothing(
    authority: Authority, personalised: tuple[ImageStore, IssuedCard], tmp_path: Path
) -> None:
    card, _ = personalised
    before = len(authority.certificates_of(authority.residents()[0].id))
    with pytest.raises(WrongPin) as excinfo:
        issue(authority, card, tmp_path, password="WRONG0PASS")
    assert excinfo.value.tries_left == 4
    assert card.current().pins[SIGN.value].tries_left == 4
    nothing_issued(authority, tmp_path, before)


def test_revoked_and_expired_cards_are_refused(
    authority: Authority, personalised: tuple[ImageStore, IssuedCard], tmp_path: Path, clock
) -> None:
    card, issued_card = personalised
    resident = authority.residents()[0].id
    clock.advance(dt.timedelta(days=365 * 6))
    before = len(authority.certificates_of(resident))
    with pytest.raises(PhoneRefused) as excinfo:
        issue(authority, card, tmp_path)
    refused(PhoneRefusal.CARD_EXPIRED, excinfo)
    nothing_issued(authority, tmp_path, before)
    clock.advance(-dt.timedelta(days=365 * 6))
    sign = issued_card.of_purpose(SIGN)
    assert sign is not None
    authority.revoke(sign.serial, RevocationCause.KEY_COMPROMISE)
    with pytest.raises(PhoneRefused) as excinfo:
        issue(authority, card, tmp_path)
    refused(PhoneRefusal.CARD_REVOKED, excinfo)
    nothing_issued(authority, tmp_path, before)


def test_someone_elses_card_is_refused(
    authority: Authority, personalised: tuple[ImageStore, IssuedCard], tmp_path: Path
) -> None:
    card, _ = personalised
    other = make_holder(authority, dataclasses.replace(TARO, name="佐藤\u3000花子"))
    before = len(authority.certificates_of(authority.residents()[0].id))
    with pytest.raises(PhoneRefused) as excinfo:
        issue(authority, card, tmp_path, resident_id=other.resident.id)
    refused(PhoneRefusal.NOT_THE_HOLDERS_CARD, excinfo)
    nothing_issued(authority, tmp_path, before)
    assert authority.phones_of(other.resident.id) == []


def test_a_replayed_or_tampered_or_stale_request_is_refused(
    authority: Authority, personalised: tuple[ImageStore, IssuedCard], tmp_path: Path, clock
) -> None:
    card, _ = personalised
    resident = authority.residents()[0].id
    phones = SecureElements(tmp_path / "phones")
    pending = phones.prepare(resident, PHONE_PIN, PHONE_PASSWORD)
    request = request_phone(
        JpkiToken(InProcessReader(Card(card))),
        SIGN_PASSWORD,
        resident,
        pending.public_key(AUTH),
        pending.public_key(SIGN),
        clock.now(),
    )
    tampered = request.model_copy(update={"nonce": "0" * 32})
    with pytest.raises(PhoneRefused) as excinfo:
        authority.issue_phone(tampered)
    refused(PhoneRefusal.BAD_SIGNATURE, excinfo)
    clock.advance(dt.timedelta(minutes=11))
    with pytest.raises(PhoneRefused) as excinfo:
        authority.issue_phone(request)
    refused(PhoneRefusal.STALE, excinfo)
    clock.advance(-dt.timedelta(minutes=11))
    # The refused request's nonce is spent: it can never be used, even in time.
    with pytest.raises(PhoneRefused) as excinfo:
        authority.issue_phone(request)
    refused(PhoneRefusal.REPLAYED, excinfo)
    assert authority.phones_of(resident) == []


def test_a_second_phone_needs_the_first_stopped_and_links_old_to_new(
    authority: Authority, personalised: tuple[ImageStore, IssuedCard], tmp_path: Path
) -> None:
    card, _ = personalised
    resident = authority.residents()[0].id
    _, first = issue(authority, card, tmp_path)
    before = len(authority.certificates_of(resident))
    with pytest.raises(PhoneRefused) as excinfo:
        issue(authority, card, tmp_path / "second")
    refused(PhoneRefusal.PHONE_EXISTS, excinfo)
    assert len(authority.certificates_of(resident)) == before
    revoked = authority.apply_event(resident, events.RetirePhone()).revoked_serials
    first_serials = {
        x509.load_der_x509_certificate(d).serial_number
        for d in (first.auth_certificate, first.sign_certificate)
    }
    assert set(revoked) == first_serials
    for serial in revoked:
        assert authority.certificate(serial).revocation.reason is (  # type: ignore[union-attr]
            RevocationReason.CESSATION_OF_OPERATION
        )
    _, second = issue(authority, card, tmp_path / "second")
    old_auth = x509.load_der_x509_certificate(first.auth_certificate).serial_number
    new_auth = x509.load_der_x509_certificate(second.auth_certificate).serial_number
    assert authority.predecessor(new_auth) == old_auth
    assert [p.status for p in authority.phones_of(resident)] == ["returned", "active"]


def test_a_lost_phone_goes_on_hold_and_the_card_stays(
    authority: Authority, personalised: tuple[ImageStore, IssuedCard], tmp_path: Path
) -> None:
    card, _ = personalised
    resident = authority.residents()[0].id
    issue(authority, card, tmp_path)
    authority.apply_event(resident, events.LosePhone())
    states = statuses(authority, resident)
    assert sorted(states.values()) == [
        ("card", None),
        ("card", None),
        ("phone", "phone-lost"),
        ("phone", "phone-lost"),
    ]
    phone_serials = [s for s, (medium, _) in states.items() if medium == "phone"]
    assert authority.certificate(phone_serials[0]).revocation.reason is (  # type: ignore[union-attr]
        RevocationReason.CERTIFICATE_HOLD
    )
    with pytest.raises(Exception, match="no phone in use"):
        authority.apply_event(resident, events.LosePhone())


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            events.Move("東京都港区芝公園４丁目２番８号"),
            [("card", None), ("card", "four-info-changed")] * 1
            + [("phone", None), ("phone", "four-info-changed")],
        ),
        (events.Die(), [("card", "death")] * 2 + [("phone", "death")] * 2),
        (events.LoseCard(), [("card", "card-lost")] * 2 + [("phone", "card-lost")] * 2),
        (events.ReturnCard(), [("card", "card-returned")] * 2 + [("phone", "card-returned")] * 2),
    ],
)
def test_life_events_and_the_card_reach_the_phone_as_the_card(
    authority: Authority,
    personalised: tuple[ImageStore, IssuedCard],
    tmp_path: Path,
    event: events.LifeEvent,
    expected: list[tuple[str, str | None]],
) -> None:
    card, _ = personalised
    resident = authority.residents()[0].id
    _, issued = issue(authority, card, tmp_path)
    authority.apply_event(resident, event)
    states = statuses(authority, resident)
    assert sorted(states.values(), key=lambda x: (x[0], x[1] or "")) == expected
    if isinstance(event, events.Move):
        auth = x509.load_der_x509_certificate(issued.auth_certificate).serial_number
        assert states[auth] == ("phone", None)  # a move spares authentication, as on the card


def test_renewing_the_card_ends_the_phones_certificates(
    authority: Authority, personalised: tuple[ImageStore, IssuedCard], tmp_path: Path
) -> None:
    card, issued_card = personalised
    resident = authority.residents()[0].id
    issue(authority, card, tmp_path)
    from tests.holders import card_key

    authority.renew_card(issued_card.card.id, card_key().public_key(), card_key().public_key())
    states = statuses(authority, resident)
    assert sorted(v for v in states.values() if v[0] == "phone") == [("phone", "renewal")] * 2


def test_the_http_route_issues_and_refuses_with_the_protocols_codes(
    authority: Authority, personalised: tuple[ImageStore, IssuedCard], tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from jpki.authority.api.app import build_app

    card, _ = personalised
    resident = authority.residents()[0].id
    phones = SecureElements(tmp_path / "phones")
    pending = phones.prepare(resident, PHONE_PIN, PHONE_PASSWORD)
    request = request_phone(
        JpkiToken(InProcessReader(Card(card))),
        SIGN_PASSWORD,
        resident,
        pending.public_key(AUTH),
        pending.public_key(SIGN),
        authority.clock.now(),
    )
    with TestClient(build_app(authority, background=False)) as client:
        malformed = client.post("/v1/phones", content=b'{"nonce": 1}')
        assert malformed.status_code == 400
        assert malformed.json()["code"] == "malformed"
        answer = client.post("/v1/phones", content=request.encode())
        assert answer.status_code == 201, answer.text
        issued = PhoneIssued.model_validate_json(answer.content)
        phones.commit(pending, issued)
        again = client.post("/v1/phones", content=request.encode())
        assert again.status_code == 409
        assert again.json()["code"] == "replayed"
    assert JpkiToken(InProcessReader(Card(phones.open(resident)))).medium() is Medium.PHONE


def test_verifiers_read_the_medium_from_the_certificate(
    authority: Authority, personalised: tuple[ImageStore, IssuedCard], tmp_path: Path, clock
) -> None:
    from tests.verifier.validators import validator_of

    card, issued_card = personalised
    _, issued = issue(authority, card, tmp_path)
    validator = validator_of(authority, clock)
    on_card = issued_card.of_purpose(AUTH)
    assert on_card is not None
    card_verdict = validator.check(on_card.der)
    phone_verdict = validator.check(issued.auth_certificate)
    assert card_verdict.valid
    assert phone_verdict.valid
    assert card_verdict.medium is Medium.CARD
    assert phone_verdict.medium is Medium.PHONE
    assert phone_verdict.to_message().to_wire()["medium"] == "phone"
    assert "medium / 媒体: smartphone (スマホ用電子証明書)" in phone_verdict.lines()
    authority.apply_event(authority.residents()[0].id, events.LosePhone())
    revoked = validator_of(authority, clock).check(issued.auth_certificate)
    assert revoked.status.value == "revoked"
    assert revoked.medium is Medium.PHONE


def test_after_the_card_is_renewed_the_phone_is_issued_again_without_stopping_it(
    authority: Authority,
) -> None:
    from tests.holders import Holder, card_key, make_holder, make_phone

    holder = make_holder(authority)
    first = make_phone(authority, holder)
    auth_key, sign_key = card_key(), card_key()
    renewed, _ = authority.renew_card(
        holder.issued.card.id, auth_key.public_key(), sign_key.public_key()
    )
    # The renewal took the phone's certificates with the card's: the phone holds nothing now.
    old = x509.load_der_x509_certificate(first.auth_der).serial_number
    revocation = authority.certificate(old).revocation
    assert revocation is not None
    assert revocation.cause is RevocationCause.RENEWAL
    again = make_phone(authority, Holder(holder.resident, renewed, auth_key, sign_key))
    new = x509.load_der_x509_certificate(again.auth_der).serial_number
    assert authority.predecessor(new) == old


def test_a_phone_or_a_stranger_certificate_cannot_issue_a_phone(authority: Authority) -> None:
    from tests.holders import card_key, make_holder, make_phone, phone_request

    holder = make_holder(authority)
    phone = make_phone(authority, holder)
    request = phone_request(holder, card_key(), card_key(), authority.clock.now())
    from_phone = request.model_copy(update={"card_certificate": phone.sign_der})
    garbage = request.model_copy(update={"card_certificate": b"\x30\x03\x02\x01\x01"})
    for bad in (from_phone, garbage):
        with pytest.raises(PhoneRefused) as excinfo:
            authority.issue_phone(bad)
        refused(PhoneRefusal.NOT_A_CARD, excinfo)
    assert len(authority.phones_of(holder.resident.id)) == 1
