"""海外転出後の継続利用 (since 2024-05-27) as a service sees it: an emigrant who kept the card
still logs in with the same authentication certificate (same customer, same user ID), the old
signing certificate is refused, and the emigrants' signing certificate issued abroad signs
(jpki.profile.overseas holds what is modelled)."""

from __future__ import annotations

import dataclasses

from jpki.authority import events
from jpki.profile.overseas import OVERSEAS_ADDRESS
from jpki.profile.purpose import CertificatePurpose
from tests.holders import card_key, make_holder
from tests.platform.helpers import BANK, INSURER, answer_login, signed_application


@dataclasses.dataclass
class SigningHolder:
    """What `signed_application` reads: a signing certificate and its key."""

    sign: object
    sign_key: object


def test_an_emigrant_keeps_logging_in_and_signs_with_the_reissued_certificate(world, authority):
    platform, api, keys, _admin = world
    holder = make_holder(authority)
    registered = api.post(
        "/v1/customers",
        json={"reference": "acct-1", **signed_application(holder, "普通預金")},
        headers=keys[BANK],
    ).json()["result"]
    assert registered["registered"] is True

    authority.apply_event(
        holder.resident.id, events.Emigrate(keep_card=True, domicile="東京都清瀬市")
    )
    authority.publish_crls()
    for purpose in ("auth", "sign"):
        crl = (authority.settings.crl_dir / f"{purpose}.crl").read_bytes()
        platform.verifier.index.add_crl(crl)

    login = answer_login(api, keys[BANK], BANK, holder.auth_key, holder.auth.der)[1].json()
    assert login["result"]["accepted"] is True, login
    assert login["result"]["customers"] == ["acct-1"]
    assert login["result"]["user_id"] == registered["user_id"]

    report = api.post(
        "/v1/status-checks", json={"references": ["acct-1"]}, headers=keys[BANK]
    ).json()["result"]
    assert report["items"][0]["situation"] == "details-changed"  # alive, the address changed

    old = api.post(
        "/v1/signatures/cms", json=signed_application(holder, "契約"), headers=keys[INSURER]
    ).json()["result"]
    assert old["valid"] is False  # the signing certificate lapsed on the emigration date

    key = card_key()
    new = authority.reissue_signing(holder.issued.card.id, key.public_key())
    assert new.purpose is CertificatePurpose.SIGN
    signed = api.post(
        "/v1/signatures/cms",
        json=signed_application(SigningHolder(new, key), "契約"),
        headers=keys[INSURER],
    ).json()["result"]
    assert signed["valid"] is True, signed
    assert signed["certificate"]["four_info"]["address"] == OVERSEAS_ADDRESS
