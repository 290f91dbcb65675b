"""The platform with phones (スマホ用電子証明書): the same person, user ID and customers whether the
holder comes with the card or the phone, across phone replacements; the verdict names the
medium; status checks read the card's certificates, and a holder known only by a phone by the
phone's."""

from __future__ import annotations

import datetime as dt

from jpki.authority import events
from tests.holders import make_holder, make_phone
from tests.platform.helpers import BANK, INSURER, answer_login, signed_application


def login(api, headers, tenant_id, key, der):  # type: ignore[no-untyped-def]
    return answer_login(api, headers, tenant_id, key, der)[1].json()["result"]


def test_card_and_phone_are_one_customer_with_one_user_id(world, authority) -> None:  # type: ignore[no-untyped-def]
    _, api, keys, _ = world
    holder = make_holder(authority)
    registered = api.post(
        "/v1/customers",
        json={"reference": "acct-1", **signed_application(holder, "口座開設")},
        headers=keys[BANK],
    ).json()["result"]
    assert registered["registered"] is True
    phone = make_phone(authority, holder)
    by_phone = login(api, keys[BANK], BANK, phone.auth_key, phone.auth_der)
    assert by_phone["accepted"] is True, by_phone
    assert by_phone["verdict"]["medium"] == "phone"
    assert by_phone["customers"] == ["acct-1"]
    assert by_phone["user_id"] == registered["user_id"]
    by_card = login(api, keys[BANK], BANK, holder.auth_key, holder.auth.der)
    assert by_card["verdict"]["medium"] == "card"
    assert by_card["user_id"] == registered["user_id"]
    # The evidence says which medium answered each login, as the tenant received it.
    logins = [
        record["payload"]["verdict"]["medium"]
        for record in api.get("/v1/evidence", headers=keys[BANK]).json()
        if record["kind"] == "authentication"
    ]
    assert logins[:2] == ["phone", "card"]
    # A new phone (the old one stopped) is the same person again, through old-new linkage.
    authority.apply_event(holder.resident.id, events.RetirePhone())
    second = make_phone(authority, holder)
    again = login(api, keys[BANK], BANK, second.auth_key, second.auth_der)
    assert again["accepted"] is True
    assert again["user_id"] == registered["user_id"]
    assert again["customers"] == ["acct-1"]


def test_a_phone_signature_registers_the_same_person(world, authority) -> None:  # type: ignore[no-untyped-def]
    _, api, keys, _ = world
    holder = make_holder(authority)
    phone = make_phone(authority, holder)

    class PhoneSigner:  # the phone's signing certificate and key, shaped as a holder
        sign_key = phone.sign_key

        class sign:  # noqa: N801
            from cryptography import x509

            certificate = x509.load_der_x509_certificate(phone.sign_der)

    by_phone = api.post(
        "/v1/customers",
        json={"reference": "acct-p", **signed_application(PhoneSigner, "申込書")},
        headers=keys[INSURER],
    ).json()["result"]
    assert by_phone["registered"] is True
    assert by_phone["signature"]["certificate"]["medium"] == "phone"
    by_card = api.post(
        "/v1/customers",
        json={"reference": "acct-c", **signed_application(holder, "申込書")},
        headers=keys[INSURER],
    ).json()["result"]
    assert by_card["user_id"] == by_phone["user_id"]


def test_a_lost_phone_leaves_the_status_check_of_the_card_alive(world, authority, clock) -> None:  # type: ignore[no-untyped-def]
    platform, api, keys, _ = world
    holder = make_holder(authority)
    registered = api.post(
        "/v1/customers",
        json={"reference": "policy-1", **signed_application(holder, "保険")},
        headers=keys[INSURER],
    )
    assert registered.json()["result"]["registered"], registered.text
    clock.advance(dt.timedelta(minutes=1))  # the phone's certificates are the newest known
    phone = make_phone(authority, holder)
    assert login(api, keys[INSURER], INSURER, phone.auth_key, phone.auth_der)["accepted"]
    authority.apply_event(holder.resident.id, events.LosePhone())
    authority.publish_crls()
    for name in ("auth.crl", "sign.crl"):
        platform.verifier.index.add_crl((authority.settings.crl_dir / name).read_bytes())
    report = api.post(
        "/v1/status-checks", json={"references": ["policy-1"]}, headers=keys[INSURER]
    ).json()["result"]
    assert [item["situation"] for item in report["items"]] == ["alive-unchanged"]
    refused = login(api, keys[INSURER], INSURER, phone.auth_key, phone.auth_der)
    assert refused["accepted"] is False
    assert refused["verdict"]["medium"] == "phone"
