"""Sealed logins at the platform (`jpki.platform.sealing`): the key wallets fetch, a sealed
answer opened and verified as any other, and the refusals: a sealed challenge answered in the
clear, a token that does not open, one sealed for another tenant or challenge."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils

from jpki.profile.challenge import authentication_digest
from jpki.protocol.sealing import SEALING_KEY_PATH, SealedLogin, seal
from tests.holders import make_holder
from tests.platform.helpers import BANK, INSURER, ORIGIN


def challenge(api, headers, *, sealed=True):  # type: ignore[no-untyped-def]
    issued = api.post("/v1/challenges", json={"origin": ORIGIN, "sealed": sealed}, headers=headers)
    assert issued.status_code == 201, issued.text
    assert issued.json()["sealed"] is sealed
    return issued.json()


def card_answer(holder, issued, provider: str) -> SealedLogin:  # type: ignore[no-untyped-def]
    """The card's answer to `issued`, signed for `provider`, as the wallet seals it."""
    nonce = base64.urlsafe_b64decode(issued["nonce"] + "=" * (-len(issued["nonce"]) % 4))
    digest = authentication_digest(provider, ORIGIN, nonce)
    signature = holder.auth_key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    return SealedLogin(
        nonce=issued["nonce"], provider=provider, origin=ORIGIN,
        certificate=base64.b64encode(holder.auth.der).decode(),
        signature=base64.b64encode(signature).decode(),
    )  # fmt: skip


def sealed_body(api, issued, login: SealedLogin) -> dict[str, str]:  # type: ignore[no-untyped-def]
    key = api.get(SEALING_KEY_PATH).json()
    return {"nonce": issued["nonce"], "origin": ORIGIN, "sealed": seal(login, key)}


def test_the_public_sealing_key_has_no_private_part_and_stays_the_same(world):
    _, api, _, _ = world
    key = api.get(SEALING_KEY_PATH)
    assert key.status_code == 200  # no API key: wallets fetch it
    assert {key.json()["kty"], key.json()["crv"], key.json()["use"]} == {"EC", "P-256", "enc"}
    assert "d" not in key.json()
    assert api.get(SEALING_KEY_PATH).json() == key.json()


def test_a_sealed_answer_logs_in_as_one_in_the_clear(world, authority):
    _, api, keys, _ = world
    holder = make_holder(authority)
    issued = challenge(api, keys[BANK])
    body = sealed_body(api, issued, card_answer(holder, issued, BANK))
    reply = api.post("/v1/authentications", json=body, headers=keys[BANK])
    assert reply.status_code == 200, reply.text
    assert reply.json()["result"]["accepted"] is True
    assert reply.json()["result"]["verdict"]["valid"] is True


def test_a_sealed_challenge_refuses_an_answer_in_the_clear_and_stays_answerable(world, authority):
    _, api, keys, _ = world
    holder = make_holder(authority)
    issued = challenge(api, keys[BANK])
    login = card_answer(holder, issued, BANK)
    clear = {
        "nonce": issued["nonce"],
        "origin": ORIGIN,
        **login.model_dump(exclude={"nonce", "provider", "origin"}),
    }
    refused = api.post("/v1/authentications", json=clear, headers=keys[BANK])
    assert refused.status_code == 400
    assert refused.json()["error"].startswith("sealing-required")
    sealed = api.post(
        "/v1/authentications", json=sealed_body(api, issued, login), headers=keys[BANK]
    )
    assert sealed.json()["result"]["accepted"] is True  # the refusal spent nothing


def test_sealed_answers_that_do_not_open_or_answer_another_challenge_are_refused(world, authority):
    _, api, keys, _ = world
    holder = make_holder(authority)
    issued, other = challenge(api, keys[BANK]), challenge(api, keys[BANK])
    for_insurer = sealed_body(api, issued, card_answer(holder, issued, INSURER))
    for_other_nonce = sealed_body(api, other, card_answer(holder, other, BANK)) | {
        "nonce": issued["nonce"]
    }
    unreadable = {"nonce": issued["nonce"], "origin": ORIGIN, "sealed": "a.b.c.d.e"}
    for body, code in (
        (for_insurer, "sealed-mismatch"),
        (for_other_nonce, "sealed-mismatch"),
        (unreadable, "sealed-unreadable"),
    ):
        refused = api.post("/v1/authentications", json=body, headers=keys[BANK])
        assert refused.status_code == 400, refused.text
        assert refused.json()["error"].startswith(code)
