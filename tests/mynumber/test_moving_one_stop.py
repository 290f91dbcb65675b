"""Moving one-stop end to end: one notice in Mynaportal changes the resident register, J-LIS
revokes the signing certificate, and the signature verification platform tells the business
that linked the person (a signed change notification)."""

from __future__ import annotations

import datetime as dt
import json

from jpki.authority import events
from jpki.mynumber.portal.service import Portal
from jpki.verifier.setup import build_verifier
from tests.holders import make_holder
from tests.platform.helpers import INSURER, ORIGIN, signed_application


class AuthorityRegister:
    """The resident register at the authority, as the world wires it (without card files)."""

    def __init__(self, authority) -> None:
        self.authority = authority

    def move(self, resident_code: str, new_address: str) -> None:
        self.authority.apply_event(resident_code, events.Move(new_address))
        self.authority.publish_crls()


def test_a_move_notified_in_the_portal_reaches_the_linked_business(
    network, world, authority, clock
):
    platform, api, keys, admin = world
    holder = make_holder(authority)
    linked = api.post("/v1/customers", json={"reference": "policy-7", **signed_application(holder, "policy-7")},
                      headers=keys[INSURER])  # fmt: skip
    assert linked.status_code in (200, 201), linked.text
    api.put("/v1/webhook", json={"url": f"{ORIGIN}/hook"}, headers=keys[INSURER])
    assert api.post("/v1/watch", headers=admin).json()["queued"] == 0

    crls = authority.settings.crl_dir
    setup = build_verifier(clock, [authority.settings.roots_dir], crls=[crls / "auth.crl"])
    portal = Portal(network, setup.validator, clock, "http://127.0.0.1:8300",
                    lambda serial: holder.resident.id, AuthorityRegister(authority))  # fmt: skip
    clock.advance(dt.timedelta(minutes=1))
    portal.move(holder.resident.id, "神奈川県横浜市中区山下町２番地")

    assert (
        authority.resident(holder.resident.id).four_info.address == "神奈川県横浜市中区山下町２番地"
    )
    for name in ("auth.crl", "sign.crl"):
        platform.verifier.index.add_crl((crls / name).read_bytes())
    assert api.post("/v1/watch", headers=admin).json() == {"queued": 1, "delivered": 1}
    event = json.loads(platform.receiver.received[-1].content)
    assert event["data"]["reference"] == "policy-7"
    assert event["data"]["situation"] == "details-changed"
