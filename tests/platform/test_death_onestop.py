"""死亡・相続ワンストップ at the platform: a registrar records the businesses a linked holder
chose; on the holder's death the chosen business's notification asks it to start its
procedure, an unchosen one gets the plain notification, and the registrar is told whom the
platform notified. Bad registrations are refused with a 4xx and change nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from jpki.authority import events
from jpki.protocol.death_onestop import NOTICE_FIELD, NOTIFIED_FIELD
from tests.holders import make_holder
from tests.platform.helpers import BANK, INSURER, ORIGIN, signed_application

REGISTRAR = "onestop-003"


@pytest.fixture
def onestop(world, authority):
    """The world with a registrar tenant; the holder linked at the bank, the insurer and the
    registrar; every tenant subscribed to notifications."""
    platform, api, keys, admin = world
    body = {
        "id": REGISTRAR,
        "name": "ワンストップ / One-stop",
        "model": "itaku",
        "origins": [ORIGIN],
    }
    keys[REGISTRAR] = {
        "X-API-Key": api.post("/v1/tenants", json=body, headers=admin).json()["api_key"]
    }
    holder = make_holder(authority)
    for tenant, reference in ((BANK, "acct-1"), (INSURER, "policy-9"), (REGISTRAR, "os-1")):
        linked = api.post(
            "/v1/customers",
            json={"reference": reference, **signed_application(holder, reference)},
            headers=keys[tenant],
        )
        assert linked.status_code == 201, linked.text
        api.put("/v1/webhook", json={"url": f"{ORIGIN}/hook"}, headers=keys[tenant])
    return platform, api, keys, admin, holder


def test_the_chosen_business_is_asked_to_start_its_procedure(onestop, authority, clock):
    platform, api, keys, admin, holder = onestop
    listed = api.get("/v1/death-onestop/participants", headers=keys[REGISTRAR]).json()
    assert [p["tenant"] for p in listed] == sorted([BANK, INSURER])
    registered = api.put(
        "/v1/customers/os-1/death-onestop", json={"notify": [BANK]}, headers=keys[REGISTRAR]
    )
    assert registered.status_code == 200, registered.text
    assert [p["tenant"] for p in registered.json()["result"]["notify"]] == [BANK]

    clock.advance(dt.timedelta(minutes=1))
    authority.apply_event(holder.resident.id, events.Die())
    authority.publish_crls()
    for name in ("auth.crl", "sign.crl"):
        platform.verifier.index.add_crl((authority.settings.crl_dir / name).read_bytes())
    assert api.post("/v1/watch", headers=admin).json() == {"queued": 3, "delivered": 3}
    data = {
        event["data"]["reference"]: event["data"]
        for event in (json.loads(r.content) for r in platform.receiver.received)
    }
    assert data["acct-1"][NOTICE_FIELD]["registrar"] == "ワンストップ / One-stop"
    assert NOTICE_FIELD not in data["policy-9"]  # not chosen: the plain notification
    assert data["policy-9"]["situation"] == data["acct-1"]["situation"]
    assert [p["tenant"] for p in data["os-1"][NOTIFIED_FIELD]] == [BANK]
    assert NOTIFIED_FIELD not in data["acct-1"]


def test_an_ended_registration_asks_nobody(onestop, authority, clock):
    platform, api, keys, admin, holder = onestop
    path = "/v1/customers/os-1/death-onestop"
    api.put(path, json={"notify": [BANK, INSURER]}, headers=keys[REGISTRAR])
    ended = api.put(path, json={"notify": []}, headers=keys[REGISTRAR]).json()["result"]
    assert ended["registered_at"] is None
    authority.apply_event(holder.resident.id, events.Die())
    authority.publish_crls()
    for name in ("auth.crl", "sign.crl"):
        platform.verifier.index.add_crl((authority.settings.crl_dir / name).read_bytes())
    assert api.post("/v1/watch", headers=admin).json()["delivered"] == 3
    for request in platform.receiver.received:
        data = json.loads(request.content)["data"]
        assert NOTICE_FIELD not in data
        assert NOTIFIED_FIELD not in data


@pytest.mark.parametrize(
    ("reference", "body", "status"),
    [
        ("os-1", {"notify": ["nobody-here"]}, 400),
        ("os-1", {"notify": [REGISTRAR]}, 400),  # not itself
        ("nobody", {"notify": [BANK]}, 404),
        ("os-1", {"notify": ["NOT A TENANT"]}, 422),
        ("os-1", {"notify": [BANK] * 21}, 422),
        ("os-1", {"notify": "bank"}, 422),
        ("os-1", {}, 422),
        ("x" * 101, {"notify": [BANK]}, 422),
    ],
)
def test_bad_registrations_are_refused(onestop, reference, body, status):
    _, api, keys, _, _ = onestop
    answer = api.put(f"/v1/customers/{reference}/death-onestop", json=body, headers=keys[REGISTRAR])
    assert answer.status_code == status, answer.text
    # the bank's own customer is not the registrar's to register
    other = api.put(
        "/v1/customers/acct-1/death-onestop", json={"notify": [INSURER]}, headers=keys[REGISTRAR]
    )
    assert other.status_code == 404
