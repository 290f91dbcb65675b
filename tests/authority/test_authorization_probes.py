"""Authorization probes against the authority's HTTP API (issue 19's campaign): every admin
route, enumerated from the app, refuses no token, near-miss tokens and a verifier's key; every
verifier route and the OCSP and CRL endpoints refuse no key and near-miss keys; one verifier's
statement never shows another's use. Bounded here (seeded); ten times the credentials under the
`fuzz` marker. A probe not refused as expected is an escape: there must be none."""

from __future__ import annotations

import random
import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from jpki.authority.api import routes_admin, routes_verifier
from jpki.authority.api.app import build_app
from jpki.authority.ocsp.responder import UNAUTHORIZED
from tests.authority.ocsp_requests import request_for

SCALES = [pytest.param(1, id="bounded"), pytest.param(10, id="long", marks=pytest.mark.fuzz)]
EXTRA_VERIFIER_ROUTES = [("POST", "/ocsp"), ("GET", "/crl/sign.crl")]


def near_misses(secret: str, rng: random.Random, count: int) -> list[str]:
    """Secrets one edit away from `secret`, and the obvious wrong ones."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    out = ["", secret[:-1], secret + "x", secret.swapcase()]
    while len(out) < count:
        at = rng.randrange(len(secret))
        out.append(secret[:at] + rng.choice(alphabet.replace(secret[at], "")) + secret[at + 1 :])
    return out[:count]


def refusal(path: str, reply) -> bool:
    """403, or for OCSP (RFC 6960 2.3) a 200 whose response status is `unauthorized`."""
    if path == "/ocsp":
        return reply.status_code == 200 and reply.content == UNAUTHORIZED
    return reply.status_code == 403


def routes_of(router) -> list[tuple[str, str]]:
    """(method, path with its parameters filled) of every route of `router`."""
    filled = []
    for route in router.routes:
        assert isinstance(route, APIRoute)
        path = re.sub(r"\{serial\}", "12345", route.path)
        path = re.sub(r"\{verifier_id\}", "1", path)
        path = re.sub(r"\{[a-z_]+\}", "R1", path)
        filled += [(method, path) for method in sorted(route.methods)]
    return filled


@pytest.mark.parametrize("scale", SCALES)
def test_admin_routes_refuse_everything_but_the_admin_token(authority, scale):
    rng = random.Random(5280)
    _, verifier_key = authority.accredit_verifier("bank")
    token = authority.settings.admin_token
    headers = [{}, {"Authorization": token}, {"Authorization": f"Basic {token}"},
               {"Authorization": f"Bearer {verifier_key}"}, {"X-JPKI-Verifier-Key": verifier_key}]  # fmt: skip
    misses = near_misses(token, rng, 9 * scale - len(headers))  # 9 credentials, x10 in long form
    headers += [{"Authorization": f"Bearer {t}"} for t in misses]
    routes = routes_of(routes_admin.router)
    probes = refused = 0
    with TestClient(build_app(authority, background=False)) as api:
        for method, path in routes:
            for sent in headers:
                reply = api.request(method, path, headers=sent, json={})
                probes += 1
                refused += reply.status_code == 403
    print(f"authority admin: {len(routes)} routes, {probes} probes, {refused} refused (403)")
    assert refused == probes


@pytest.mark.parametrize("scale", SCALES)
def test_verifier_routes_refuse_missing_and_wrong_keys(authority, holder, scale):
    rng = random.Random(6960)
    _, key = authority.accredit_verifier("bank")
    _, other_key = authority.accredit_verifier("insurer")
    routes = routes_of(routes_verifier.router) + EXTRA_VERIFIER_ROUTES
    keys = [None, f"Bearer {key}", *near_misses(key, rng, 6 * scale - 2)]
    probes = refused = 0
    with TestClient(build_app(authority, background=False)) as api:
        for method, path in routes:
            for wrong in keys:
                sent = {} if wrong is None else {"X-JPKI-Verifier-Key": wrong}
                reply = api.request(method, path, headers=sent, json={})
                probes += 1
                refused += refusal(path, reply)
        body = request_for(authority, holder.auth)
        ocsp = {"X-JPKI-Verifier-Key": key, "content-type": "application/ocsp-request"}
        assert api.post("/ocsp", content=body, headers=ocsp).status_code == 200
        for _ in range(scale):
            mine = api.get("/v1/statement", headers={"X-JPKI-Verifier-Key": key}).json()
            theirs = api.get("/v1/statement", headers={"X-JPKI-Verifier-Key": other_key}).json()
            probes += 1
            refused += theirs["total_yen"] == 0 < mine["total_yen"]
    print(f"authority verifier: {len(routes)} routes, {probes} probes, {refused} refused")
    assert refused == probes
