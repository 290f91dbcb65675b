"""Digital Agency profile logins and passkey logins per second, each as a ratio to the same
IdP's card logins on the same world and machine (issue 23).

One data folder holds the world's platform, our IdP (`idp/`) and the Digital Agency profile's
(`idp-da/`), each served by `jpki idp serve` on loopback (SQLite), driven by keep-alive clients
on the same machine. Three complete code flows, each: /authorize, the login, the return with
the code (consent remembered), the token request and UserInfo, the ID token checked against
UserInfo:

- baseline: our IdP, a card login (the wallet's answer signed with the card's RSA-2048 key by
  the load client, verified by the platform), `client_secret_basic`;
- the Digital Agency profile: the same card login at its realm paths, with `state`, `nonce`,
  `acr_values=aal3 crl` and a fresh `private_key_jwt` assertion (ES256) per token request;
- passkeys: our IdP, `acr_values=urn:jpki:acr:passkey`, the WebAuthn options and a P-256
  assertion from a software authenticator, which the IdP verifies and whose card certificate it
  has the platform check for revocation; enrolled once per holder beforehand (a card login to
  the account page).

    python benchmarks/idp_profiles.py [--logins 300] [--concurrency 4]
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
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from joserfc import jwt
from joserfc.jwk import ECKey

from common import report, throwaway_authority
from idp_code_flow import REDIRECT, free_port, link_to_authority
from jpki.clock import ManualClock
from jpki.idp.profiles import ProfileName
from jpki.idp.records import IdpRecords
from jpki.idp.settings import IdpSettings
from jpki.profile.challenge import authentication_digest
from jpki.verifier.challenge import decode_nonce
from platform_http_auth import prepare, start

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.idp.authenticator import Credential, SoftAuthenticator

REALM = "/api/realms/main"
CONNECT = f"{REALM}/protocol/openid-connect"
PASSKEY = "urn:jpki:acr:passkey"


class Login:
    """One holder's complete code flow at an IdP, over one HTTP client (a fresh browser)."""

    def __init__(self, client: httpx.AsyncClient, base: str, paths: dict[str, str]) -> None:
        self.client, self.base, self.paths = client, base, paths

    async def authorize(self, client_id: str, **extra: str) -> tuple[str, str]:
        self.client.cookies.clear()
        verifier = secrets.token_urlsafe(32)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        page = await self.client.get(
            self.base + self.paths["authorize"],
            params={"response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT,
                    "scope": "openid", "state": secrets.token_hex(8),
                    "nonce": secrets.token_hex(8),
                    "code_challenge": challenge.rstrip(b"=").decode(),
                    "code_challenge_method": "S256", **extra},
        )  # fmt: skip
        match = re.search(r"logins%2F([\w-]+)", page.text)
        if page.status_code != 200 or match is None:
            raise AssertionError(f"authorize: {page.status_code} {page.text[:200]}")
        return match.group(1), verifier

    async def card(self, login_id: str, key: rsa.RSAPrivateKey, der: bytes) -> None:
        asked = (await self.client.get(f"{self.base}/wallet/v1/logins/{login_id}")).json()
        challenge = asked["challenge"]
        digest = authentication_digest(
            challenge["provider"], challenge["origin"], decode_nonce(challenge["nonce"])
        )
        signature = key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        answered = await self.client.post(
            f"{self.base}/wallet/v1/logins/{login_id}",
            json={"certificate": base64.b64encode(der).decode(),
                  "signature": base64.b64encode(signature).decode()},
        )  # fmt: skip
        if answered.status_code != 200:
            raise AssertionError(f"wallet answer: {answered.text[:200]}")

    async def passkey(self, login_id: str, key: SoftAuthenticator, credential: Credential) -> None:
        options = await self.client.post(f"{self.base}/login/{login_id}/passkey/options")
        answer = key.get(options.json(), self.base, credential)
        done = await self.client.post(f"{self.base}/login/{login_id}/passkey", json=answer)
        if done.status_code != 200:
            raise AssertionError(f"passkey: {done.text[:200]}")

    async def finish(self, login_id: str, verifier: str, auth: dict[str, Any]) -> None:
        back = await self.client.get(f"{self.base}/login/{login_id}/continue")
        if back.status_code == 200 and "consent" in back.text:
            back = await self.client.post(
                f"{self.base}/login/{login_id}/consent", data={"decision": "approve"}
            )
        code = parse_qs(urlsplit(back.headers.get("location", "")).query).get("code")
        if not code:
            raise AssertionError(f"no code: {back.status_code} {back.text[:200]}")
        form = {"grant_type": "authorization_code", "code": code[0], "redirect_uri": REDIRECT,
                "code_verifier": verifier, **auth.get("data", {})}  # fmt: skip
        basic = {"auth": auth["basic"]} if "basic" in auth else {}
        tokens = await self.client.post(self.base + self.paths["token"], data=form, **basic)
        if tokens.status_code != 200:
            raise AssertionError(f"token: {tokens.text[:200]}")
        bearer = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
        info = await self.client.get(self.base + self.paths["userinfo"], headers=bearer)
        payload = tokens.json()["id_token"].split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        if info.json()["sub"] != claims["sub"]:
            raise AssertionError("UserInfo names another holder than the ID token")


OURS = {"authorize": "/authorize", "token": "/token", "userinfo": "/userinfo"}
DIGITAL_AGENCY = {
    "authorize": f"{CONNECT}/auth", "token": f"{CONNECT}/token", "userinfo": f"{CONNECT}/userinfo"
}  # fmt: skip


async def timed(
    logins: int, concurrency: int, one: Callable[[httpx.AsyncClient, int], Awaitable[None]]
) -> float:
    nodelay = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    clients = [
        httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(socket_options=nodelay), timeout=60)
        for _ in range(concurrency)
    ]
    remaining = iter(range(logins))

    async def worker(client: httpx.AsyncClient) -> None:
        for number in remaining:
            await one(client, number)

    try:
        started = time.perf_counter()
        await asyncio.gather(*(worker(c) for c in clients))
        return logins / (time.perf_counter() - started)
    finally:
        for client in clients:
            await client.aclose()


async def enrol_passkeys(base: str, holders: list, key: SoftAuthenticator) -> list[Credential]:
    """Each holder logs in to the account page with the card and adds a passkey."""
    credentials = []
    for card_key, der in holders:
        async with httpx.AsyncClient(timeout=60) as client:
            page = await client.get(f"{base}/account")
            login_id = re.search(r"logins%2F([\w-]+)", page.text).group(1)  # type: ignore[union-attr]
            await Login(client, base, OURS).card(login_id, card_key, der)
            await client.get(f"{base}/login/{login_id}/continue")
            options = (await client.post(f"{base}/account/passkeys/options")).json()
            enrolled = await client.post(f"{base}/account/passkeys", json=key.create(options, base))
            if enrolled.status_code != 201:
                raise AssertionError(f"enrolment: {enrolled.text[:200]}")
            credentials.append(key.credentials[-1])
    return credentials


def assertion(rp_key: ECKey, client_id: str, token_url: str) -> dict[str, str]:
    now = int(time.time())
    claims = {"iss": client_id, "sub": client_id, "aud": token_url, "jti": secrets.token_hex(16),
              "iat": now, "exp": now + 300}  # fmt: skip
    return {
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": jwt.encode({"alg": "ES256"}, claims, rp_key),
    }


def register_rps(
    authority: Any, settings_of: tuple[IdpSettings, IdpSettings], rp_key: ECKey
) -> dict[str, tuple[str, str | None]]:
    """The bench RP at each IdP: a secret at ours, its key at the Digital Agency profile's."""
    ours_settings, da_settings = settings_of
    registered = {}
    for settings, metadata in (
        (ours_settings, {}),
        (da_settings, {"token_endpoint_auth_method": "private_key_jwt",
                       "jwks": {"keys": [rp_key.as_dict(private=False)]}}),
    ):  # fmt: skip
        records = IdpRecords.open(settings, authority.clock)
        client, secret = records.clients.register(
            {"client_name": "Bench RP", "redirect_uris": [REDIRECT], **metadata}
        )
        records.close()
        settings.save()
        registered[settings.folder] = (client.client_id, secret)
    return registered


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--logins", type=int, default=300)
    parser.add_argument("--holders", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    with throwaway_authority(start=now) as authority, tempfile.TemporaryDirectory() as folder:
        assert isinstance(authority.clock, ManualClock)
        _, holders = prepare(Path(folder), authority, args.holders)
        authority_server = link_to_authority(Path(folder), authority)
        ours_port, da_port = free_port(), free_port()
        ours_settings = IdpSettings(
            data_dir=Path(folder),
            issuer=f"http://127.0.0.1:{ours_port}",
            wallet_url="http://127.0.0.1:9",
        )
        da_settings = IdpSettings.for_profile(
            ProfileName.DIGITAL_AGENCY, Path(folder), f"http://127.0.0.1:{da_port}",
            folder="idp-da", tenant_id="idp-da", wallet_url="http://127.0.0.1:9",
        )  # fmt: skip
        rp_key = ECKey.generate_key("P-256")
        registered = register_rps(authority, (ours_settings, da_settings), rp_key)
        ours_proc, ours = start(
            [sys.executable, "-m", "jpki.cli", "idp", "serve", "--data", folder,
             "--port", str(ours_port)]
        )  # fmt: skip
        da_proc, da = start(
            [sys.executable, "-m", "jpki.cli", "idp", "serve", "--data", folder,
             "--folder", "idp-da", "--port", str(da_port)]
        )  # fmt: skip
        ours_id, ours_secret = registered["idp"]
        da_id = registered["idp-da"][0]
        da_token_url = f"{da}{CONNECT}/token"
        authenticator = SoftAuthenticator()

        async def card_login(client: httpx.AsyncClient, number: int) -> None:
            flow = Login(client, ours, OURS)
            login_id, verifier = await flow.authorize(ours_id)
            await flow.card(login_id, *holders[number % len(holders)])
            await flow.finish(login_id, verifier, {"basic": (ours_id, ours_secret)})

        async def da_login(client: httpx.AsyncClient, number: int) -> None:
            flow = Login(client, da, DIGITAL_AGENCY)
            login_id, verifier = await flow.authorize(da_id, acr_values="aal3 crl")
            await flow.card(login_id, *holders[number % len(holders)])
            await flow.finish(login_id, verifier, {"data": assertion(rp_key, da_id, da_token_url)})

        credentials: list[Credential] = []

        async def passkey_login(client: httpx.AsyncClient, number: int) -> None:
            flow = Login(client, ours, OURS)
            login_id, verifier = await flow.authorize(ours_id, acr_values=PASSKEY)
            await flow.passkey(login_id, authenticator, credentials[number % len(credentials)])
            await flow.finish(login_id, verifier, {"basic": (ours_id, ours_secret)})

        try:  # first visits (consents) untimed; then each kind of login, timed in turn
            asyncio.run(timed(len(holders), 1, card_login))
            asyncio.run(timed(len(holders), 1, da_login))
            credentials += asyncio.run(enrol_passkeys(ours, holders, authenticator))
            card = asyncio.run(timed(args.logins, args.concurrency, card_login))
            digital_agency = asyncio.run(timed(args.logins, args.concurrency, da_login))
            passkeys = asyncio.run(timed(args.logins, args.concurrency, passkey_login))
        finally:
            for process in (ours_proc, da_proc, authority_server):
                process.terminate()
                process.wait(timeout=30)
    report("Digital Agency profile code-flow logins vs our card logins", digital_agency, card,
           "logins/s", "none set; same world")  # fmt: skip
    report("passkey logins vs our card logins", passkeys, card, "logins/s", "none set; same IdP")


if __name__ == "__main__":
    main()
