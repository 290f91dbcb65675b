"""Authorization and isolation probes against the platform's REST API (issue 19's campaign):
one challenge answered by many threads at once is accepted exactly once; a tenant cannot read,
unlink, retry or spend what belongs to another; the operator's routes refuse every credential
but the operator's token. Bounded here (seeded, deterministic); ten times the volume under the
`fuzz` marker. Each probe that is not refused as expected is an escape: there must be none."""

from __future__ import annotations

import base64
import concurrent.futures
import datetime as dt
import random

import pytest

from jpki.authority import events
from tests.holders import make_holder
from tests.platform.helpers import BANK, INSURER, ORIGIN, answer_login, signed_application

SCALES = [pytest.param(1, id="bounded"), pytest.param(10, id="long", marks=pytest.mark.fuzz)]
THREADS = 8
OPERATOR_ROUTES = [
    ("post", "/v1/tenants", {"id": "sp-z", "name": "z", "model": "daiko", "origins": [ORIGIN]}),
    ("get", "/v1/tenants", None),
    ("post", f"/v1/tenants/{BANK}/keys", {"revoke_others": True}),
    ("put", f"/v1/tenants/{BANK}/client-certificate", {"certificate": "x"}),
    ("post", "/v1/evidence/seal", None),
    ("get", "/v1/evidence/export", None),
    ("post", "/v1/revocation/refresh", None),
    ("post", "/v1/watch", None),
    ("post", "/v1/linkage/follow", None),
]


def signed_answer(holder, issued, tenant_id):
    """The card's answer to `issued` (a challenge of `tenant_id`), as the wallet posts it."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, utils

    from jpki.profile.challenge import authentication_digest

    nonce = base64.urlsafe_b64decode(issued["nonce"] + "=" * (-len(issued["nonce"]) % 4))
    digest = authentication_digest(tenant_id, ORIGIN, nonce)
    signature = holder.auth_key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    return {
        "nonce": issued["nonce"],
        "origin": ORIGIN,
        "certificate": base64.b64encode(holder.auth.der).decode(),
        "signature": base64.b64encode(signature).decode(),
    }


def near_misses(secret: str, rng: random.Random, count: int) -> list[str]:
    """Tokens one edit away from `secret` (a changed, dropped or added character), and junk."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_ "
    out = ["", secret[:-1], secret + "x", secret.upper(), " " + secret]
    while len(out) < count:
        at = rng.randrange(len(secret))
        changed = secret[:at] + rng.choice(alphabet.replace(secret[at], "")) + secret[at + 1 :]
        out.append(changed)
    return out[:count]


@pytest.mark.parametrize("scale", SCALES)
def test_one_challenge_answered_by_many_threads_is_accepted_once(world, authority, scale):
    _, api, keys, _ = world
    holder = make_holder(authority)
    probes = accepted_total = 0
    for _ in range(3 * scale):
        issued = api.post("/v1/challenges", json={"origin": ORIGIN}, headers=keys[BANK]).json()
        body = signed_answer(holder, issued, BANK)
        with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
            replies = list(
                pool.map(
                    lambda _i, body=body: api.post(
                        "/v1/authentications", json=body, headers=keys[BANK]
                    ),
                    range(THREADS),
                )
            )
        results = [reply.json()["result"] for reply in replies]
        accepted = [r for r in results if r["accepted"]]
        assert len(accepted) == 1, results
        assert {r.get("error") for r in results if not r["accepted"]} == {"replayed"}
        probes += THREADS
        accepted_total += len(accepted)
    print(f"double spend: {probes} answers, {accepted_total} accepted, escapes 0")


@pytest.mark.parametrize("scale", SCALES)
def test_a_tenant_reaches_nothing_of_another(world, authority, clock, scale):
    platform, api, keys, admin = world
    rng = random.Random(19)
    holders = [make_holder(authority) for _ in range(2)]
    for index, holder in enumerate(holders):
        body = {"reference": f"acct-{index}", **signed_application(holder, "口座開設申込書")}
        assert api.post("/v1/customers", json=body, headers=keys[BANK]).status_code == 201
    bank_login = answer_login(api, keys[BANK], BANK, holders[0].auth_key, holders[0].auth.der)[
        1
    ].json()
    api.put("/v1/webhook", json={"url": f"{ORIGIN}/hook"}, headers=keys[BANK])
    platform.receiver.failing = True
    clock.advance(dt.timedelta(minutes=1))
    authority.apply_event(holders[1].resident.id, events.Die())
    authority.publish_crls()
    for name in ("auth.crl", "sign.crl"):
        platform.verifier.index.add_crl((authority.settings.crl_dir / name).read_bytes())
    api.post("/v1/watch", headers=admin)
    (delivery,) = api.get("/v1/webhooks/deliveries", headers=keys[BANK]).json()
    bank_receipts = {r["receipt"] for r in api.get("/v1/evidence", headers=keys[BANK]).json()}
    assert bank_login["receipt"] in bank_receipts

    probes = refused = 0
    for _ in range(5 * scale):
        reference = rng.choice(["acct-0", "acct-1"])
        own = api.get("/v1/evidence", headers=keys[INSURER]).json()
        statement = api.get("/v1/statement", headers=keys[INSURER]).json()
        checks = [
            not bank_receipts & {r["receipt"] for r in own},
            statement["total_yen"] == 0 if "total_yen" in statement else True,
            api.get("/v1/webhooks/deliveries", headers=keys[INSURER]).json() == [],
            api.post(
                f"/v1/webhooks/deliveries/{delivery['id']}/retry", headers=keys[INSURER]
            ).status_code == 404,
            api.delete(f"/v1/customers/{reference}/links", headers=keys[INSURER]).status_code
            == 404,
            api.post(
                "/v1/status-checks", json={"references": [reference]}, headers=keys[INSURER]
            ).json()["result"]["items"][0]["situation"] == "unknown-reference",
        ]  # fmt: skip
        issued = api.post("/v1/challenges", json={"origin": ORIGIN}, headers=keys[BANK]).json()
        answer = signed_answer(holders[0], issued, BANK)
        stolen = api.post("/v1/authentications", json=answer, headers=keys[INSURER]).json()
        checks.append(stolen["result"]["accepted"] is False)
        # ... and another tenant presenting it does not spend the bank's challenge
        mine = api.post("/v1/authentications", json=answer, headers=keys[BANK]).json()
        checks.append(mine["result"]["accepted"] is True)
        probes += len(checks)
        refused += sum(checks)
    print(f"cross-tenant: {probes} probes, {refused} refused as expected")
    assert refused == probes
    # Nothing of the bank's changed: its customers still log in, its delivery is still there.
    again = answer_login(api, keys[BANK], BANK, holders[0].auth_key, holders[0].auth.der)[1]
    assert again.json()["result"]["customers"] == ["acct-0"]
    assert [d["id"] for d in api.get("/v1/webhooks/deliveries", headers=keys[BANK]).json()] == [
        delivery["id"]
    ]


@pytest.mark.parametrize("scale", SCALES)
def test_operator_routes_refuse_every_credential_but_the_operators(world, scale):
    platform, api, keys, _ = world
    rng = random.Random(6)
    token = platform.settings.admin_token
    bank_key = keys[BANK]["X-API-Key"]
    credentials = [{}, {"Authorization": f"Bearer {bank_key}"}, keys[BANK]]
    credentials += [{"Authorization": token}, {"Authorization": f"Basic {token}"}]
    misses = near_misses(token, rng, 11 * scale - len(credentials))  # 11, x10 in long form
    credentials += [{"Authorization": f"Bearer {t}"} for t in misses]
    probes = refused = 0
    for method, path, body in OPERATOR_ROUTES:
        for headers in credentials:
            kwargs = {"headers": headers} | ({"json": body} if body is not None else {})
            reply = getattr(api, method)(path, **kwargs)
            probes += 1
            refused += reply.status_code == 403
    print(f"operator routes: {probes} probes, {refused} refused (403)")
    assert refused == probes
    assert [t["id"] for t in api.get("/v1/tenants", headers={"Authorization": f"Bearer {token}"}).json()] == [BANK, INSURER]  # fmt: skip


@pytest.mark.parametrize("scale", SCALES)
def test_tenant_routes_refuse_wrong_and_revoked_keys(world, scale):
    _, api, keys, admin = world
    rng = random.Random(63)
    old = keys[INSURER]["X-API-Key"]
    new = api.post(
        f"/v1/tenants/{INSURER}/keys", json={"revoke_others": True}, headers=admin
    ).json()["api_key"]
    tried = [old, *near_misses(keys[BANK]["X-API-Key"], rng, 9 * scale - 1)]
    probes = refused = 0
    for key in tried:
        for method, path in (("get", "/v1/evidence"), ("get", "/v1/statement"),
                             ("post", "/v1/challenges"), ("get", "/v1/webhooks/deliveries")):  # fmt: skip
            kwargs = {"json": {"origin": ORIGIN}} if method == "post" else {}
            reply = getattr(api, method)(path, headers={"X-API-Key": key}, **kwargs)
            probes += 1
            refused += reply.status_code == 403
    print(f"tenant keys: {probes} probes, {refused} refused (403)")
    assert refused == probes
    assert api.get("/v1/evidence", headers={"X-API-Key": new}).status_code == 200
