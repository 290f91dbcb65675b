"""Linkage management and ID conversion against a real authority (its HTTP API in-process):
registration by signed application, login finding the customers, renewal following, unlinking."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json

from jpki.profile.reasons import RevocationCause
from tests.holders import TARO, card_key, make_holder
from tests.platform.helpers import BANK, INSURER, ORIGIN, answer_login, signed_application


def application(holder, text: str) -> dict[str, str]:
    return signed_application(holder, text)


def login(api, headers, tenant_id, auth_key, auth_der):
    return answer_login(api, headers, tenant_id, auth_key, auth_der)[1].json()["result"]


def test_register_login_renew_unlink(world, authority, clock):
    platform, api, keys, admin = world
    holder = make_holder(authority)
    consent = api.post(
        "/v1/consents",
        json={"purpose": {"en": "account", "ja": "口座開設"}, "items": ["name"]},
        headers=keys[BANK],
    ).json()
    first = api.post(
        "/v1/customers",
        json={"reference": "acct-1", **application(holder, consent["text"])},
        headers=keys[BANK],
    )
    assert first.status_code == 201, first.text
    registered = first.json()["result"]
    assert registered["registered"] is True
    assert registered["four_info"]["name"] == TARO.name
    assert "serial" not in registered["signature"]["certificate"]  # 代行
    second = api.post(
        "/v1/customers",
        json={"reference": "acct-2", **application(holder, "普通預金")},
        headers=keys[BANK],
    ).json()["result"]
    assert second["user_id"] == registered["user_id"]
    assert "four_info" not in second  # no consent text this time
    insurer = api.post(
        "/v1/customers",
        json={"reference": "policy-9", **application(holder, "保険")},
        headers=keys[INSURER],
    ).json()["result"]
    assert insurer["user_id"] != registered["user_id"]  # pairwise: tenants cannot join them

    result = login(api, keys[BANK], BANK, holder.auth_key, holder.auth.der)
    assert result["accepted"] is True
    assert result["customers"] == ["acct-1", "acct-2"]  # the login asks which account
    assert result["user_id"] == registered["user_id"]

    # Renewal: new keys, new certificates; the old ones are superseded.
    new_auth, new_sign = card_key(), card_key()
    issued, _ = authority.renew_card(
        holder.issued.card.id, new_auth.public_key(), new_sign.public_key()
    )
    renewed_auth = next(c for c in issued.certificates if c.purpose.value == "auth")
    before = login(api, keys[BANK], BANK, new_auth, renewed_auth.der)
    assert before["accepted"] is True
    assert before["linked"] is False  # not followed yet
    authority.publish_crls()
    platform.verifier.index.add_crl((authority.settings.crl_dir / "auth.crl").read_bytes())
    platform.verifier.index.add_crl((authority.settings.crl_dir / "sign.crl").read_bytes())
    assert api.post("/v1/linkage/follow", headers=admin).json()["followed"] >= 1
    after = login(api, keys[BANK], BANK, new_auth, renewed_auth.der)
    assert after["customers"] == ["acct-1", "acct-2"]
    assert after["user_id"] == registered["user_id"]  # stable across the renewal

    unlinked = api.delete("/v1/customers/acct-2/links", headers=keys[BANK]).json()["result"]
    assert unlinked["links_ended"] == 1
    assert login(api, keys[BANK], BANK, new_auth, renewed_auth.der)["customers"] == ["acct-1"]
    assert api.delete("/v1/customers/nobody/links", headers=keys[BANK]).status_code == 404


def test_registration_needs_a_valid_signing_signature(world, authority):
    _, api, keys, _ = world
    holder = make_holder(authority)
    body = application(holder, "申込書")
    body["content"] = base64.b64encode("改ざん".encode()).decode()
    result = api.post(
        "/v1/customers", json={"reference": "acct-x", **body}, headers=keys[BANK]
    ).json()["result"]
    assert result["registered"] is False
    assert result["signature"]["intact"] is False


def test_status_check_reads_seed_002s_table(world, authority, clock):
    from cryptography.hazmat.primitives import hashes as h
    from cryptography.hazmat.primitives.asymmetric import padding as p

    from jpki.authority import events
    from jpki.profile.consent import consent_message

    platform, api, keys, _ = world
    people = {
        name: make_holder(authority) for name in ("alive", "moved", "died", "lost", "renewed")
    }
    for name, holder in people.items():
        registered = api.post(
            "/v1/customers",
            json={"reference": name, **application(holder, name)},
            headers=keys[INSURER],
        )
        assert registered.json()["result"]["registered"], registered.text
    moved = people["moved"]
    verifier = authority.authenticate_verifier(platform.settings.verifier_api_key)
    consent = moved.sign_key.sign(
        consent_message(verifier.id, moved.sign.serial), p.PKCS1v15(), h.SHA256()
    )
    authority.record_consent(verifier, moved.sign.serial, consent)
    clock.advance(__import__("datetime").timedelta(minutes=1))
    authority.apply_event(moved.resident.id, events.Move("大阪府大阪市北区梅田１丁目１番"))
    authority.apply_event(people["died"].resident.id, events.Die())
    authority.apply_event(people["lost"].resident.id, events.LoseCard())
    authority.renew_card(
        people["renewed"].issued.card.id, card_key().public_key(), card_key().public_key()
    )
    authority.publish_crls()
    for name in ("auth.crl", "sign.crl"):
        platform.verifier.index.add_crl((authority.settings.crl_dir / name).read_bytes())
    body = {
        "references": list(people),
        "certificates": [base64.b64encode(people["died"].sign.der).decode()],
        "latest_four_info": True,
    }
    report = api.post("/v1/status-checks", json=body, headers=keys[INSURER])
    assert report.status_code == 200, report.text
    result = report.json()["result"]
    situations = {
        item["reference"]: item["situation"] for item in result["items"] if item["reference"]
    }
    assert situations == {
        "alive": "alive-unchanged",
        "moved": "details-changed",
        "died": "died-or-emigrated",
        "lost": "card-lost",
        "renewed": "renewed",
    }
    assert result["items"][0]["situation"] == "died-or-emigrated"  # by certificate (first)
    moved_item = next(i for i in result["items"] if i["reference"] == "moved")
    assert moved_item["latest_four_info"]["address"] == "大阪府大阪市北区梅田１丁目１番"
    assert moved_item["label_ja"] == "基本4情報のいずれかが変更"
    assert result["summary"]["details-changed"] == 1
    statement = api.get("/v1/statement", headers=keys[INSURER]).json()
    status_line = next(line for line in statement["lines"] if line["item"] == "status-check")
    assert status_line["count"] == 6
    assert status_line["jlis_yen"] == 6 * 20


def test_change_notifications_are_signed_retried_and_dead_lettered(world, authority, clock):
    from jpki.authority import events
    from jpki.platform.webhooks import MAX_ATTEMPTS

    platform, api, keys, admin = world
    receiver = platform.receiver
    alive, dying = make_holder(authority), make_holder(authority)
    for name, holder in (("alive", alive), ("dying", dying)):
        api.post(
            "/v1/customers",
            json={"reference": name, **application(holder, name)},
            headers=keys[INSURER],
        )
    refused = api.put(
        "/v1/webhook", json={"url": "https://elsewhere.example/hook"}, headers=keys[INSURER]
    )
    assert refused.status_code == 400  # not the SP's own host
    secret = api.put("/v1/webhook", json={"url": f"{ORIGIN}/hook"}, headers=keys[INSURER]).json()[
        "secret"
    ]
    assert api.post("/v1/watch", headers=admin).json() == {
        "queued": 0,
        "delivered": 0,
    }  # nothing changed

    clock.advance(dt.timedelta(minutes=1))
    authority.apply_event(dying.resident.id, events.Die())
    authority.publish_crls()
    for name in ("auth.crl", "sign.crl"):
        platform.verifier.index.add_crl((authority.settings.crl_dir / name).read_bytes())
    assert api.post("/v1/watch", headers=admin).json() == {"queued": 1, "delivered": 1}
    (request,) = receiver.received
    body = request.content
    timestamp = request.headers["x-jpki-webhook-timestamp"]
    expected = hmac.new(
        bytes.fromhex(secret), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert request.headers["x-jpki-webhook-signature"] == f"v1={expected}"
    event = json.loads(body)
    assert event["type"] == "customer.situation-changed"
    assert event["data"]["reference"] == "dying"
    assert event["data"]["situation"] == "died-or-emigrated"
    assert event["data"]["label_ja"] == "死亡または海外転出"
    assert api.post("/v1/watch", headers=admin).json()["queued"] == 0  # told once

    # The SP's endpoint goes down: retries back off, then the notification is dead-lettered.
    receiver.failing = True
    authority.apply_event(alive.resident.id, events.LoseCard())
    clock.advance(dt.timedelta(minutes=1))
    authority.publish_crls()
    for name in ("auth.crl", "sign.crl"):
        platform.verifier.index.add_crl((authority.settings.crl_dir / name).read_bytes())
    assert api.post("/v1/watch", headers=admin).json() == {"queued": 1, "delivered": 0}
    for _ in range(MAX_ATTEMPTS):
        clock.advance(dt.timedelta(hours=7))
        platform.webhooks.deliver_due()
    dead = api.get("/v1/webhooks/deliveries?status=dead", headers=keys[INSURER]).json()
    assert len(dead) == 1
    assert dead[0]["attempts"] == MAX_ATTEMPTS
    assert dead[0]["last_error"] == "HTTP 503"
    receiver.failing = False
    api.post(f"/v1/webhooks/deliveries/{dead[0]['id']}/retry", headers=keys[INSURER])
    assert platform.webhooks.deliver_due() == 1
    assert api.get("/v1/webhooks/deliveries?status=dead", headers=keys[INSURER]).json() == []


def test_revocation_policy_per_tenant(world, authority):
    _, api, keys, _ = world
    holder = make_holder(authority)
    default = login(api, keys[INSURER], INSURER, holder.auth_key, holder.auth.der)
    assert default["verdict"]["source"]["kind"] == "crl"
    api.put(
        "/v1/revocation-policy", json={"revocation_policy": "ocsp-then-crl"}, headers=keys[INSURER]
    )
    fresh = login(api, keys[INSURER], INSURER, holder.auth_key, holder.auth.der)
    assert fresh["accepted"] is True
    assert fresh["verdict"]["source"]["kind"] == "ocsp"
    # Revoked after the CRLs were loaded: only OCSP knows yet (a card never asked about before;
    # an answer already given is cached until its nextUpdate, as it should be).
    late = make_holder(authority)
    authority.revoke(late.auth.serial, RevocationCause.CARD_LOST)
    refused = login(api, keys[INSURER], INSURER, late.auth_key, late.auth.der)
    assert refused["verdict"]["status"] == "revoked"
    assert login(api, keys[BANK], BANK, late.auth_key, late.auth.der)["accepted"] is True
    api.put("/v1/revocation-policy", json={"revocation_policy": "crl-only"}, headers=keys[INSURER])
    assert (
        login(api, keys[INSURER], INSURER, holder.auth_key, holder.auth.der)["verdict"]["source"][
            "kind"
        ]
        == "crl"
    )


def test_signature_verification_names_the_linked_customer(world, authority):
    _, api, keys, _ = world
    holder = make_holder(authority)
    api.post(
        "/v1/customers",
        json={"reference": "acct-7", **application(holder, "申込")},
        headers=keys[BANK],
    )
    contract = application(holder, "振込依頼書")
    result = api.post("/v1/signatures/cms", json=contract, headers=keys[BANK]).json()["result"]
    assert result["valid"] is True
    assert result["customers"] == ["acct-7"]
    assert result["user_id"]
    elsewhere = api.post("/v1/signatures/cms", json=contract, headers=keys[INSURER]).json()[
        "result"
    ]
    assert elsewhere["customers"] == []  # the insurer has no such customer


def test_tls_client_certificate_names_the_linked_customer_until_revoked(world, authority, clock):
    platform, api, keys, _ = world
    holder = make_holder(authority)
    headers = keys[BANK]
    registered = api.post(
        "/v1/customers",
        json={"reference": "sec-1", **application(holder, "securities account")},
        headers=headers,
    )
    assert registered.status_code == 201, registered.text
    body = {"certificate": base64.b64encode(holder.auth.der).decode()}

    answer = api.post("/v1/authentications/tls-client", json=body, headers=headers).json()
    assert answer["result"]["accepted"]
    assert answer["result"]["customers"] == ["sec-1"]
    assert answer["result"]["assurance"] == "tls-client"
    assert api.post("/v1/authentications/tls-client", json=body).status_code == 403
    signing = {"certificate": base64.b64encode(holder.sign.der).decode()}
    refused = api.post("/v1/authentications/tls-client", json=signing, headers=headers).json()
    assert not refused["result"]["accepted"]

    authority.revoke(holder.auth.serial, RevocationCause.CARD_LOST)
    clock.advance(dt.timedelta(minutes=1))
    authority.publish_crls()
    platform.verifier.index.add_crl((authority.settings.crl_dir / "auth.crl").read_bytes())
    revoked = api.post("/v1/authentications/tls-client", json=body, headers=headers).json()
    assert not revoked["result"]["accepted"]
    assert revoked["result"]["error"] == "certificate-rejected"


def test_another_tenants_customer_is_an_unknown_reference_and_not_billed(world, authority):
    """Issue 19, defect 6: a reference the tenant never linked (another tenant's customer,
    or none at all) is `unknown-reference`, not "no fresh revocation data", and costs nothing."""
    _, api, keys, _ = world
    holder = make_holder(authority)
    body = {"reference": "acct-a", **application(holder, "口座開設申込書")}
    assert api.post("/v1/customers", json=body, headers=keys[BANK]).status_code == 201
    probe = {"references": ["acct-a", "never-linked"]}
    report = api.post("/v1/status-checks", json=probe, headers=keys[INSURER])
    assert report.status_code == 200, report.text
    items = report.json()["result"]["items"]
    assert [item["situation"] for item in items] == ["unknown-reference"] * 2
    assert "reference" in items[0]["label_en"]
    assert report.json()["result"]["summary"]["unknown-reference"] == 2
    statement = api.get("/v1/statement", headers=keys[INSURER]).json()
    assert not [line for line in statement["lines"] if line["item"] == "status-check"]
    own = api.post("/v1/status-checks", json={"references": ["acct-a"]}, headers=keys[BANK])
    assert own.json()["result"]["items"][0]["situation"] == "alive-unchanged"


def test_a_status_check_of_a_weakly_signed_certificate_is_unknown_and_not_billed(world, authority):
    """A signing certificate over SHA-1 (issue 21): no situation, the reason, no J-LIS fee."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding

    from jpki.profile.purpose import CertificatePurpose
    from tests.verifier.jlis_material import end_entity

    _, api, keys, _ = world
    root = authority.authorities.current(CertificatePurpose.SIGN)
    now = authority.clock.now()
    weak = end_entity(
        root.name,
        root.key,
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=365),
        digest=hashes.SHA1(),
    )
    body = {
        "references": [],
        "certificates": [base64.b64encode(weak.public_bytes(Encoding.DER)).decode()],
    }
    report = api.post("/v1/status-checks", json=body, headers=keys[INSURER])
    assert report.status_code == 200, report.text
    [item] = report.json()["result"]["items"]
    assert item["situation"] == "unknown"
    assert "SHA-1" in item["note"]
    statement = api.get("/v1/statement", headers=keys[INSURER]).json()
    assert not any(line["item"] == "status-check" for line in statement["lines"])
