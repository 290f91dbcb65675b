"""The Digital Agency profile's flows as its tests drive them: an RP registered with its key
(`documented_rp`), the holder's browser and wallet through the login and consent, and the
wallet's raw signature of a sign transaction."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils

from tests.idp.documented_rp import DocumentedRp
from tests.idp.flow import ISSUER, REDIRECT, wallet_answer


def registered(da, web, name="RP00000001", scope="openid name address birthdate gender sign"):
    rp = DocumentedRp(web, ISSUER, "", REDIRECT)
    client, _ = da.clients.register(
        {
            "client_name": name,
            "redirect_uris": [REDIRECT],
            "scope": scope,
            "token_endpoint_auth_method": "private_key_jwt",
            "jwks": rp.public_jwks,
        },
        client_id=name,
    )
    rp.client_id = client.client_id
    return rp


def browser_login(web, url, holder):
    """The holder's browser and wallet: the login page, the card, the consent screen."""
    page = web.get(url, follow_redirects=False)
    assert page.status_code == 200, page.headers.get("location")
    login_id, answer = wallet_answer(web, page, holder)
    assert answer.status_code == 200, answer.text
    shown = web.get(f"/login/{login_id}/continue", follow_redirects=False)
    if shown.status_code == 200:
        shown = web.post(
            f"/login/{login_id}/consent", data={"decision": "approve"}, follow_redirects=False
        )
    return login_id, shown


def wallet_signs(web, transaction_id, holder):
    asked = web.get(f"/wallet/v1/signatures/{transaction_id}").json()
    assert asked["form"] == "pkcs1"
    digest = bytes.fromhex(asked["digest"])
    signature = holder.sign_key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    return web.post(
        f"/wallet/v1/signatures/{transaction_id}",
        json={
            "signature": base64.b64encode(signature).decode(),
            "certificate": base64.b64encode(holder.sign.der).decode(),
        },
    )
