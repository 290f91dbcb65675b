"""The platform's disclosure records: each login, registration, signature check, status check
and change notification about a person is recorded in the transaction of the work, and answered
only to that person (by any of their certificates)."""

from __future__ import annotations

import base64
import datetime as dt
from types import SimpleNamespace

from cryptography.hazmat.primitives import serialization
from sqlalchemy import event

from jpki.authority import events
from jpki.protocol.disclosures import Kind, Outcome, VerifiedHolder
from tests.certificates import stranger
from tests.holders import make_holder
from tests.platform.helpers import BANK, INSURER, answer_login, signed_application


def holder_of(holder) -> VerifiedHolder:  # type: ignore[no-untyped-def]
    return VerifiedHolder(certificate=holder.auth.der, serial=holder.auth.serial)


def test_logins_and_registrations_are_recorded_for_their_holder_only(world, authority):
    platform, api, keys, _ = world
    taro, other = make_holder(authority), make_holder(authority)
    purpose = {"en": "opening an account", "ja": "口座開設"}
    consent = api.post(
        "/v1/consents", json={"purpose": purpose, "items": ["name", "birth_date"]},
        headers=keys[BANK],
    ).json()  # fmt: skip
    registered = api.post(
        "/v1/customers",
        json={"reference": "acct-1", **signed_application(taro, consent["text"])},
        headers=keys[BANK],
    )  # fmt: skip
    assert registered.json()["result"]["registered"] is True
    answer_login(api, keys[BANK], BANK, taro.auth_key, taro.auth.der)
    answer_login(api, keys[INSURER], INSURER, other.auth_key, other.auth.der)

    mine = platform.disclosures.disclosures_of(holder_of(taro))
    assert [(d.kind, d.recipient_id, d.outcome) for d in mine] == [
        (Kind.LOGIN, BANK, Outcome.GIVEN),
        (Kind.FOUR_INFO, BANK, Outcome.GIVEN),
    ]  # newest first; the registration by the signing certificate is found by the login's
    assert {"name", "birth-date"} <= set(mine[1].items)  # exactly the consented items
    assert not {"address", "sex"} & set(mine[1].items)
    assert mine[1].consent == registered.json()["result"]["consent"]
    assert {"verdict", "user-id", "customer-reference"} <= set(mine[0].items)
    theirs = platform.disclosures.disclosures_of(holder_of(other))
    assert [(d.kind, d.recipient_id) for d in theirs] == [(Kind.LOGIN, INSURER)]
    assert "serial" in theirs[0].items  # a 委託 tenant receives the serial; the bank does not
    assert "serial" not in mine[0].items


def test_refused_requests_are_recorded(world, authority):
    platform, api, keys, _ = world
    taro = make_holder(authority)
    api.post(
        "/v1/customers", json={"reference": "ok", **signed_application(taro, "申込書")},
        headers=keys[BANK],
    )  # fmt: skip
    body = signed_application(taro, "申込書")
    body["content"] = base64.b64encode("改ざん".encode()).decode()
    api.post("/v1/customers", json={"reference": "x", **body}, headers=keys[BANK])
    authority.apply_event(taro.resident.id, events.LoseCard())
    authority.publish_crls()
    platform.verifier.index.add_crl((authority.settings.crl_dir / "auth.crl").read_bytes())
    _, refused = answer_login(api, keys[BANK], BANK, taro.auth_key, taro.auth.der)
    assert refused.json()["result"]["accepted"] is False

    records = platform.disclosures.disclosures_of(holder_of(taro))
    assert [(d.kind, d.outcome) for d in records] == [
        (Kind.LOGIN, Outcome.REFUSED),
        (Kind.REGISTRATION, Outcome.REFUSED),
        (Kind.REGISTRATION, Outcome.GIVEN),
    ]


def test_status_checks_and_change_notifications_are_recorded(world, authority, clock):
    platform, api, keys, admin = world
    dying, alive = make_holder(authority), make_holder(authority)
    for name, holder in (("dying", dying), ("alive", alive)):
        api.post(
            "/v1/customers",
            json={"reference": name, **signed_application(holder, name)},
            headers=keys[INSURER],
        )
    api.put("/v1/webhook", json={"url": "https://bank.example/hook"}, headers=keys[INSURER])
    clock.advance(dt.timedelta(minutes=1))
    authority.apply_event(dying.resident.id, events.Die())
    authority.publish_crls()
    for name in ("auth.crl", "sign.crl"):
        platform.verifier.index.add_crl((authority.settings.crl_dir / name).read_bytes())
    assert api.post("/v1/watch", headers=admin).json()["queued"] == 1

    kinds = [d.kind for d in platform.disclosures.disclosures_of(holder_of(dying))]
    assert kinds[:2] == [Kind.CHANGE_NOTICE, Kind.STATUS_CHECK]
    checked = [d.kind for d in platform.disclosures.disclosures_of(holder_of(alive))]
    assert Kind.STATUS_CHECK in checked
    assert Kind.CHANGE_NOTICE not in checked


def test_a_login_still_commits_once(world, authority, monkeypatch):
    """Recording the disclosure adds no commit to the login path (same transaction)."""
    platform, api, keys, _ = world
    taro = make_holder(authority)
    answer_login(api, keys[INSURER], INSURER, taro.auth_key, taro.auth.der)  # warm

    def commits_of_one_login() -> int:
        commits: list[object] = []

        def committed(connection: object) -> None:
            commits.append(connection)

        event.listen(platform.database.engine, "commit", committed)
        try:
            answer_login(api, keys[INSURER], INSURER, taro.auth_key, taro.auth.der)
        finally:
            event.remove(platform.database.engine, "commit", committed)
        return len(commits)

    recorded = commits_of_one_login()
    assert len(platform.disclosures.disclosures_of(holder_of(taro))) == 2
    monkeypatch.setattr(platform.disclosures, "result", lambda *_args: None)
    assert commits_of_one_login() == recorded
    assert len(platform.disclosures.disclosures_of(holder_of(taro))) == 2


def test_a_strangers_certificate_with_any_serial_is_refused_and_recorded_for_nobody(world):
    """A self-made certificate may carry a 159-bit serial (RFC 5280 allows 20 bytes): its login
    and its signature are refused verdicts, never a 500 from the disclosure record."""
    _, api, keys, _ = world
    certificate, key = stranger(serial=2**159 - 1)
    _, answered = answer_login(
        api, keys[BANK], BANK, key, certificate.public_bytes(serialization.Encoding.DER)
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["result"]["accepted"] is False
    signer = SimpleNamespace(sign=SimpleNamespace(certificate=certificate), sign_key=key)
    checked = api.post("/v1/signatures/cms", json=signed_application(signer, "申込書"),
                       headers=keys[BANK])  # fmt: skip
    assert checked.status_code == 200, checked.text
    assert checked.json()["result"]["valid"] is False
