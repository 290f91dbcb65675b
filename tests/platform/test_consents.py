"""Consent that is the holder's own act, minimal evidence and IDs that join nothing (issue 25):
the 4 information leaves the platform only against the holder's signature over a consent
text the platform issued to the registering tenant, once, for the items the text names; the
evidence keeps a digest of what was released, never the values; a per-use tenant's IDs change
every time; a tenant gets no ID for a holder it never linked."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from jpki.platform.evidence import canonical_json, export_lines, verify_export
from jpki.platform.tenants import Identifiers
from tests.holders import TARO, make_holder
from tests.platform.helpers import BANK, INSURER, answer_login, signed_application

PURPOSE = {"en": "opening savings account No. 1234567", "ja": "普通預金口座 No. 1234567 の開設"}


def consent_text(api, headers, items, purpose=PURPOSE) -> dict:
    reply = api.post("/v1/consents", json={"purpose": purpose, "items": items}, headers=headers)
    assert reply.status_code == 201, reply.text
    return reply.json()


def register(api, headers, holder, reference: str, text: str) -> dict:
    body = {"reference": reference, **signed_application(holder, text)}
    reply = api.post("/v1/customers", json=body, headers=headers)
    assert reply.status_code == 201, reply.text
    return reply.json()


def test_the_consent_text_names_recipient_purpose_items_date_and_its_one_use(world, clock):
    platform, api, keys, _ = world
    clock.set(dt.datetime(2026, 12, 1, 15, 30, tzinfo=dt.UTC))  # 2026-12-02 00:30 JST
    issued = consent_text(api, keys[BANK], ["name", "birth_date"])
    text = issued["text"]
    assert f"提供先: {BANK}" in text  # the tenant's registered name
    assert PURPOSE["en"] in text
    assert PURPOSE["ja"] in text
    assert "name, date of birth / 氏名、生年月日" in text
    assert "2026-12-02 (JST" in text  # the date in Japan
    assert issued["id"] in text
    assert "一回限り" in text
    assert issued["recipient"] == BANK
    assert (
        dt.datetime.fromisoformat(issued["expires_at"])
        - dt.datetime.fromisoformat(issued["issued_at"])
        == platform.settings.consent_lifetime
    )
    for bad in (
        {"purpose": PURPOSE, "items": []},
        {"purpose": PURPOSE, "items": ["name", "name"]},
        {"purpose": PURPOSE, "items": ["my_number"]},
        {"purpose": {"en": "a\nb", "ja": "x"}, "items": ["name"]},
    ):
        assert api.post("/v1/consents", json=bad, headers=keys[BANK]).status_code == 422
    assert api.post("/v1/consents", json={"purpose": PURPOSE, "items": ["name"]}).status_code == 403


def test_a_signed_consent_text_releases_exactly_its_items_once(world, authority):
    _, api, keys, _ = world
    holder = make_holder(authority)
    issued = consent_text(api, keys[BANK], ["name", "birth_date"])
    first = register(api, keys[BANK], holder, "acct-1", issued["text"])["result"]
    assert first["registered"] is True
    assert first["consent"] == issued["id"]
    assert first["four_info"] == {"name": TARO.name, "birth_date": TARO.birth_date.isoformat()}

    replayed = register(api, keys[BANK], holder, "acct-2", issued["text"])["result"]
    assert replayed["registered"] is False
    assert "already used" in replayed["message"]
    assert "four_info" not in replayed


def test_no_consent_text_no_4_information_and_the_old_flag_is_gone(world, authority):
    """Issue 25 item 5: a CMS over an application with `consent_four_info: true` returned the
    name and address; now the flag is not part of the API and releases nothing."""
    _, api, keys, _ = world
    holder = make_holder(authority)
    body = {
        "reference": "acct-1",
        **signed_application(holder, "Demo Bank application for R000002"),
        "consent_four_info": True,
    }
    result = api.post("/v1/customers", json=body, headers=keys[BANK]).json()["result"]
    assert result["registered"] is True  # linked, nothing released
    assert "four_info" not in result
    assert "consent" not in result


def test_another_tenants_or_an_expired_consent_text_releases_nothing(world, authority, clock):
    _, api, keys, _ = world
    holder = make_holder(authority)
    banks = consent_text(api, keys[BANK], ["name"])
    taken = register(api, keys[INSURER], holder, "policy-1", banks["text"])["result"]
    assert taken["registered"] is False
    assert "another service" in taken["message"]
    assert "four_info" not in taken

    # The bank's own live text still works after the insurer's attempt.
    ok = register(api, keys[BANK], holder, "acct-1", banks["text"])["result"]
    assert ok["four_info"] == {"name": TARO.name}

    late = consent_text(api, keys[BANK], ["address"])
    clock.advance(dt.timedelta(minutes=11))
    expired = register(api, keys[BANK], holder, "acct-2", late["text"])["result"]
    assert expired["registered"] is False
    assert "expired" in expired["message"]


def test_evidence_keeps_a_digest_of_the_released_items_never_their_values(world, authority):
    """Issue 25 item 2: a tenant's `GET /v1/evidence` read back name, address, birth date, sex."""
    platform, api, keys, _ = world
    holder = make_holder(authority)
    receipts = {}
    for tenant, reference in ((BANK, "acct-1"), (INSURER, "policy-1")):  # 代行 and 委託
        issued = consent_text(api, keys[tenant], ["name", "address", "birth_date", "sex"])
        released = register(api, keys[tenant], holder, reference, issued["text"])["result"]
        assert released["four_info"]["address"] == TARO.address
        answer_login(api, keys[tenant], tenant, holder.auth_key, holder.auth.der)
        evidence = api.get("/v1/evidence", headers=keys[tenant]).json()
        dumped = json.dumps(evidence, ensure_ascii=False)
        for value in (TARO.name, TARO.address, TARO.birth_date.isoformat()):
            assert value not in dumped
        assert '"four_info"' not in dumped
        registration = next(r for r in evidence if r["kind"] == "registration")
        digest = hashlib.sha256(canonical_json(released["four_info"])).hexdigest()
        assert registration["payload"]["four_info_sha256"] == digest
        assert registration["payload"]["user_id"] == released["user_id"]
        receipts[tenant] = registration["receipt"]
    exported = "\n".join(export_lines(platform.evidence.export()))
    assert TARO.address not in exported
    assert verify_export(exported.splitlines(), []).valid  # the chain still verifies
    for role, secret in (("sp", keys[BANK]["X-API-Key"]), ("operator", admin_token(platform))):
        api.post("/console/login", data={"role": role, "secret": secret})
        console = api.get("/console").text
        assert receipts[BANK] in console  # the evidence is shown, its values not
        assert TARO.name not in console
        assert TARO.address not in console
        api.post("/console/logout")


def admin_token(platform) -> str:
    return str(platform.settings.admin_token)


def test_no_user_id_for_a_holder_the_tenant_never_linked(world, authority):
    """Issue 25 item 7: a user ID for a holder another tenant registered tells that the holder
    uses another tenant."""
    _, api, keys, _ = world
    holder = make_holder(authority)
    register(api, keys[BANK], holder, "acct-1", "申込書")
    _, reply = answer_login(api, keys[INSURER], INSURER, holder.auth_key, holder.auth.der)
    elsewhere = reply.json()["result"]
    assert elsewhere["accepted"] is True
    assert elsewhere["user_id"] is None
    assert elsewhere["customers"] == []
    contract = signed_application(holder, "振込依頼書")
    signed = api.post("/v1/signatures/cms", json=contract, headers=keys[INSURER]).json()
    assert signed["result"]["user_id"] is None
    _, own = answer_login(api, keys[BANK], BANK, holder.auth_key, holder.auth.der)
    assert own.json()["result"]["user_id"]


def test_a_tenant_that_logs_holders_in_for_others_names_every_known_holder(world, authority):
    """The IdP (`any-known`) checks that a signature is by the holder its login found, before
    any registration: its signature checks keep the stable ID."""
    platform, api, keys, admin = world
    body = {"id": "idp-004", "name": "IdP", "model": "itaku", "origins": ["https://bank.example"]}
    headers = {"X-API-Key": api.post("/v1/tenants", json=body, headers=admin).json()["api_key"]}
    holder = make_holder(authority)
    register(api, keys[BANK], holder, "acct-1", "申込書")
    contract = signed_application(holder, "振込依頼書")
    assert (
        api.post("/v1/signatures/cms", json=contract, headers=headers).json()["result"]["user_id"]
        is None
    )
    platform.tenants.set_identifiers("idp-004", Identifiers.ANY_KNOWN)
    named = api.post("/v1/signatures/cms", json=contract, headers=headers).json()["result"]
    assert named["user_id"]
    assert named["customers"] == []


def test_a_per_use_tenant_gets_a_fresh_reference_every_time(world, authority):
    """Issue 25 item 2: every age check carried the same user ID."""
    _, api, _, admin = world
    body = {
        "id": "age-003",
        "name": "Age check",
        "model": "daiko",
        "origins": ["https://bank.example"],
        "identifiers": "per-use",
    }
    created = api.post("/v1/tenants", json=body, headers=admin).json()
    assert created["tenant"]["identifiers"] == "per-use"
    headers = {"X-API-Key": created["api_key"]}
    holder = make_holder(authority)
    issued = consent_text(api, headers, ["birth_date"])
    registered = register(api, headers, holder, "enrolment-1", issued["text"])["result"]
    ids = {registered["user_id"]}
    for _ in range(2):
        _, reply = answer_login(api, headers, "age-003", holder.auth_key, holder.auth.der)
        result = reply.json()["result"]
        assert result["customers"] == ["enrolment-1"]  # the service can still answer
        ids.add(result["user_id"])
    assert len(ids) == 3
    logins = [
        r for r in api.get("/v1/evidence", headers=headers).json() if r["kind"] == "authentication"
    ]
    assert logins
    assert all(record["payload"]["customers"] == [] for record in logins)
    assert all(record["payload"]["linked"] for record in logins)
