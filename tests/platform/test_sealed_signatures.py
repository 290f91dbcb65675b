"""Sealed signatures at the platform (`jpki.platform.sealing`): a 代行 SP's registration and
CMS check take the wallet's sealed CMS beside the signed content and verify it as one in the
clear; the refusals: a token that does not open, a sealed login offered as a signature, one
sealed for another tenant, another origin or another content, and a sealed CMS without its
content or with a CMS beside it."""

from __future__ import annotations

import base64
import hashlib

from jpki.protocol.sealing import SEALING_KEY_PATH, SealedLogin, SealedSignature, seal
from tests.holders import make_holder
from tests.platform.helpers import BANK, INSURER, ORIGIN, signed_application

APPLICATION = "Demo Bank account application / 口座開設申込 R000001"


def sealed(api, holder, *, tenant=BANK, origin=ORIGIN, text=APPLICATION) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The body a 代行 SP relays: the wallet's sealed CMS over `text` and the content."""
    clear = signed_application(holder, text)
    signature = SealedSignature(
        request="req-1", tenant=tenant, origin=origin,
        digest=hashlib.sha256(text.encode()).hexdigest(), cms=clear["signature"],
    )  # fmt: skip
    token = seal(signature, api.get(SEALING_KEY_PATH).json())
    return {"sealed": token, "content": base64.b64encode(APPLICATION.encode()).decode()}


def test_a_sealed_application_registers_and_checks_as_one_in_the_clear(world, authority):
    _, api, keys, _ = world
    holder = make_holder(authority)
    body = {"reference": "acct-1", **sealed(api, holder)}
    registered = api.post("/v1/customers", json=body, headers=keys[BANK])
    assert registered.status_code == 201, registered.text
    assert registered.json()["result"]["registered"] is True
    assert registered.json()["result"]["signature"]["valid"] is True
    checked = api.post("/v1/signatures/cms", json=sealed(api, holder), headers=keys[BANK])
    assert checked.status_code == 200, checked.text
    assert checked.json()["result"]["valid"] is True
    assert checked.json()["result"]["customers"] == ["acct-1"]


def test_sealed_signatures_for_another_tenant_origin_or_content_or_unreadable_are_refused(
    world, authority
):
    _, api, keys, _ = world
    holder = make_holder(authority)
    content = base64.b64encode(APPLICATION.encode()).decode()
    key = api.get(SEALING_KEY_PATH).json()
    a_login = SealedLogin(nonce="bm9uY2U", provider=BANK, origin=ORIGIN, certificate="MIIB")
    login = {"sealed": seal(a_login, key), "content": content}
    for body, code in (
        (sealed(api, holder, tenant=INSURER), "sealed-mismatch"),
        (sealed(api, holder, origin="https://other.example"), "sealed-mismatch"),
        (sealed(api, holder, text=APPLICATION + " (altered)"), "sealed-mismatch"),
        (sealed(api, holder, origin="not an origin"), "sealed-mismatch"),
        ({"sealed": "a.b.c.d.e", "content": content}, "sealed-unreadable"),
        (login, "sealed-unreadable"),
    ):
        for path, extra in (("/v1/customers", {"reference": "acct-2"}), ("/v1/signatures/cms", {})):
            refused = api.post(path, json=body | extra, headers=keys[BANK])
            assert refused.status_code == 400, (path, refused.text)
            assert refused.json()["error"].startswith(code), refused.text


def test_a_sealed_signature_comes_with_its_content_and_nothing_beside_it(world, authority):
    _, api, keys, _ = world
    holder = make_holder(authority)
    body = sealed(api, holder)
    for bad in (
        {"sealed": body["sealed"]},
        body | {"signature": signed_application(holder, APPLICATION)["signature"]},
        {"content": body["content"]},
    ):
        refused = api.post("/v1/signatures/cms", json=bad, headers=keys[BANK])
        assert refused.status_code == 400, refused.text
