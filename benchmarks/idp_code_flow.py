"""Complete OpenID Connect code-flow logins per second, vs the platform's bare authentications.

One login is everything an RP and a holder cause: GET /authorize (the IdP opens a card login
at the platform), the wallet reads the request and the card signs its challenge (RSA-2048 with
the card's key, done by the load client), the wallet's answer (verified by the platform, with
evidence and fees), the browser's return (consent remembered: a 302 with the code), the token
request (client_secret_basic, PKCE S256, an ES256 ID token) and UserInfo. Each flow's ID token
and UserInfo are checked to name the same holder.

The IdP runs as `jpki idp serve`, the baseline as `jpki platform serve` on the same data
folder (SQLite), both on loopback, driven by keep-alive clients on the same machine. Baseline:
the platform's bare login verifications (POST /v1/authentications with answers signed before
the clock starts), as in platform_http_auth.py.

    python benchmarks/idp_code_flow.py [--logins 600] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import hashlib
import json
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

from common import report, throwaway_authority
from jpki.authority.service import Authority
from jpki.clock import Clock, ManualClock
from jpki.idp.records import IdpRecords
from jpki.idp.settings import IdpSettings
from jpki.platform.settings import PlatformSettings
from jpki.profile.challenge import authentication_digest
from jpki.verifier.challenge import decode_nonce
from platform_http_auth import post_all, prepare, signed_answers, start

REDIRECT = "http://127.0.0.1:9/callback"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Flow:
    """The RP, the browser and the wallet of one holder's login, over one HTTP client."""

    def __init__(self, client: httpx.AsyncClient, issuer: str, rp: tuple[str, str]) -> None:
        self.client, self.issuer, self.rp = client, issuer, rp

    async def login(self, key: rsa.RSAPrivateKey, der: bytes) -> None:
        client, issuer = self.client, self.issuer
        client.cookies.clear()  # a fresh browser: no IdP session, so the card is asked
        verifier = secrets.token_urlsafe(32)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        page = await client.get(
            f"{issuer}/authorize",
            params={"response_type": "code", "client_id": self.rp[0], "redirect_uri": REDIRECT,
                    "scope": "openid", "state": "s", "nonce": secrets.token_urlsafe(12),
                    "code_challenge": challenge.rstrip(b"=").decode(),
                    "code_challenge_method": "S256"},
        )  # fmt: skip
        match = re.search(r"logins%2F([\w-]+)", page.text)
        if page.status_code != 200 or match is None:
            raise AssertionError(f"authorize: {page.status_code} {page.text[:200]}")
        login_id = match.group(1)
        asked = (await client.get(f"{issuer}/wallet/v1/logins/{login_id}")).json()["challenge"]
        digest = authentication_digest(
            asked["provider"], asked["origin"], decode_nonce(asked["nonce"])
        )
        signature = key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        answered = await client.post(
            f"{issuer}/wallet/v1/logins/{login_id}",
            json={"certificate": base64.b64encode(der).decode(),
                  "signature": base64.b64encode(signature).decode()},
        )  # fmt: skip
        if answered.status_code != 200:
            raise AssertionError(f"wallet answer: {answered.text[:200]}")
        back = await client.get(f"{issuer}/login/{login_id}/continue")
        if back.status_code == 200 and "consent" in back.text:
            back = await client.post(
                f"{issuer}/login/{login_id}/consent", data={"decision": "approve"}
            )
        location = back.headers.get("location", "")
        code = parse_qs(urlsplit(location).query).get("code")
        if back.status_code not in (302, 303) or not code:
            raise AssertionError(f"no code: {back.status_code} {location} {back.text[:200]}")
        tokens = await client.post(
            f"{issuer}/token",
            data={"grant_type": "authorization_code", "code": code[0],
                  "redirect_uri": REDIRECT, "code_verifier": verifier},
            auth=self.rp,
        )  # fmt: skip
        if tokens.status_code != 200:
            raise AssertionError(f"token: {tokens.text[:200]}")
        bearer = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
        info = await client.get(f"{issuer}/userinfo", headers=bearer)
        payload = tokens.json()["id_token"].split(".")[1]  # JWT: base64url JSON, unpadded
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        if info.json()["sub"] != claims["sub"]:
            raise AssertionError("UserInfo names another holder than the ID token")


async def run_flows(
    issuer: str, rp: tuple[str, str], holders: list, logins: int, concurrency: int
) -> float:
    transport_options = {"socket_options": [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]}
    clients = [
        httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(**transport_options), timeout=60)
        for _ in range(concurrency)
    ]
    remaining = iter(range(logins))

    async def worker(client: httpx.AsyncClient) -> None:
        flow = Flow(client, issuer, rp)
        for number in remaining:
            key, der = holders[number % len(holders)]
            await flow.login(key, der)

    try:
        started = time.perf_counter()
        await asyncio.gather(*(worker(c) for c in clients))
        return logins / (time.perf_counter() - started)
    finally:
        for client in clients:
            await client.aclose()


def bench_rp(folder: Path, clock: Clock) -> tuple[int, tuple[str, str]]:
    """An IdP configured in `folder` on a free loopback port, with one RP registered: the
    port to serve it at and the RP's (client ID, secret)."""
    port = free_port()
    settings = IdpSettings(
        data_dir=folder, issuer=f"http://127.0.0.1:{port}", wallet_url="http://127.0.0.1:9"
    )
    records = IdpRecords.open(settings, clock)
    client, secret = records.clients.register(
        {"client_name": "Bench RP", "redirect_uris": [REDIRECT]}
    )
    records.close()
    settings.save()
    assert secret is not None
    return port, (client.client_id, secret)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--logins", type=int, default=600)
    parser.add_argument("--holders", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    with throwaway_authority(start=now) as authority, tempfile.TemporaryDirectory() as folder:
        assert isinstance(authority.clock, ManualClock)
        api_key, holders = prepare(Path(folder), authority, args.holders)
        authority_server = link_to_authority(Path(folder), authority)
        port, rp = bench_rp(Path(folder), authority.clock)
        idp, issuer = start(
            [sys.executable, "-m", "jpki.cli", "idp", "serve", "--data", folder,
             "--port", str(port)]
        )  # fmt: skip
        try:  # each holder consents once, as on a first visit; then the flows are timed
            asyncio.run(run_flows(issuer, rp, holders, len(holders), 1))
            ours = asyncio.run(run_flows(issuer, rp, holders, args.logins, args.concurrency))
        finally:
            idp.terminate()
            idp.wait(timeout=30)
        baseline = bare_authentications(folder, api_key, holders, args.logins)
        authority_server.terminate()
        authority_server.wait(timeout=30)
    report(
        "complete OIDC code-flow logins (SQLite)",
        ours,
        baseline,
        "logins/s",
        "none set; 7 requests a login",
    )


def link_to_authority(folder: Path, authority: Authority) -> subprocess.Popen[str]:
    """Serve the authority and let the platform ask it for linkage information (an IdP login
    identifies the holder, which a bare daiko-model authentication does not need)."""
    server, url = start(
        [sys.executable, "-m", "jpki.cli", "authority", "serve", "--data",
         str(authority.settings.data_dir)]
    )  # fmt: skip
    _, verifier_key = authority.accredit_verifier("platform")
    settings = PlatformSettings.load(folder)
    settings.model_copy(update={"authority_url": url, "verifier_api_key": verifier_key}).save()
    return server


def bare_authentications(folder: str, api_key: str, holders: list, logins: int) -> float:
    """The platform's bare login verification rate on the same data, as in the HTTP benchmark."""
    headers = {"X-API-Key": api_key}
    server, url = start([sys.executable, "-m", "jpki.cli", "platform", "serve", "--data", folder])
    try:
        bodies = signed_answers(url, headers, holders, logins)
        return asyncio.run(post_all(url, headers, bodies, 16, check=True))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
