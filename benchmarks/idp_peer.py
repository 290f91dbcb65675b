"""Our IdP's complete card login against a peer's: the same load client driving a complete
code-flow login at npm `oidc-provider` (a well-known OpenID provider, certified by the OpenID
Foundation) with its development interactions, run with node on loopback (issue 23).

Each login, at both: a fresh browser, /authorize (PKCE S256, state, nonce), the login, the
return with the code (consent given on the first visit, as at ours), the token request
(`client_secret_basic`) and UserInfo. At ours the login is the card's (the wallet reads the
request, the card signs, the platform verifies: `idp_profiles.Login`); at the peer it is its
development login form (any name, no password check) and its consent form (asked at every
login: a fresh browser has no session, where oidc-provider's default looks for the grant).
The peer keeps everything in memory; ours commits to SQLite and has the platform check the
card. oidc-provider is installed beside `peer/provider.mjs` with `npm install oidc-provider@9`
(`--peer-dir`, default `/tmp/oidc-peer`).

    python benchmarks/idp_peer.py [--logins 150] [--concurrency 4] [--peer-dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import hashlib
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

from common import report, throwaway_authority
from idp_code_flow import REDIRECT, bench_rp, free_port, link_to_authority
from idp_profiles import OURS, Login, timed
from jpki.clock import ManualClock
from platform_http_auth import prepare, start

PEER_CLIENT = ("bench", "bench-secret-bench-secret-bench-secret")


async def peer_login(client: httpx.AsyncClient, peer: str, holder: str) -> None:
    """One complete login at the peer, its interaction forms filled as a person would."""
    client.cookies.clear()
    verifier = secrets.token_urlsafe(32)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    answer = await client.get(
        f"{peer}/auth",
        params={"response_type": "code", "client_id": PEER_CLIENT[0], "redirect_uri": REDIRECT,
                "scope": "openid", "state": secrets.token_hex(8), "nonce": secrets.token_hex(8),
                "code_challenge": challenge.rstrip(b"=").decode(),
                "code_challenge_method": "S256"},
    )  # fmt: skip
    for _ in range(8):  # redirects and forms until the RP's callback
        location = answer.headers.get("location")
        if location is not None and location.startswith(REDIRECT):
            break
        if location is not None:
            answer = await client.get(urljoin(peer, location))
            continue
        form = re.search(r'<form[^>]*action="([^"]+)"', answer.text)
        if form is None:
            raise AssertionError(f"peer: {answer.status_code} {answer.text[:200]}")
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', answer.text))
        if 'name="login"' in answer.text:
            fields |= {"login": holder, "password": "x"}
        answer = await client.post(urljoin(peer, form.group(1)), data=fields)
    code = parse_qs(urlsplit(answer.headers.get("location", "")).query).get("code")
    if not code:
        raise AssertionError(f"peer gave no code: {answer.status_code} {answer.text[:200]}")
    tokens = await client.post(
        f"{peer}/token",
        data={"grant_type": "authorization_code", "code": code[0], "redirect_uri": REDIRECT,
              "code_verifier": verifier},
        auth=PEER_CLIENT,
    )  # fmt: skip
    if tokens.status_code != 200:
        raise AssertionError(f"peer token: {tokens.text[:200]}")
    bearer = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
    info = await client.get(f"{peer}/me", headers=bearer)
    if info.json().get("sub") != holder:
        raise AssertionError(f"peer UserInfo: {info.text[:200]}")


def start_peer(peer_dir: Path) -> tuple[subprocess.Popen[str], str]:
    script = peer_dir / "provider.mjs"
    shutil.copy(Path(__file__).with_name("peer") / "provider.mjs", script)
    process = subprocess.Popen(
        ["node", str(script), str(free_port())],
        cwd=peer_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if match := re.search(r"oidc-provider (http://127\.0\.0\.1:\d+)/", line):
            return process, match.group(1)
    raise RuntimeError("oidc-provider did not start (npm install oidc-provider@9 in --peer-dir)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--logins", type=int, default=150)
    parser.add_argument("--holders", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--peer-dir", type=Path, default=Path("/tmp/oidc-peer"))
    args = parser.parse_args()
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    with throwaway_authority(start=now) as authority, tempfile.TemporaryDirectory() as folder:
        assert isinstance(authority.clock, ManualClock)
        _, holders = prepare(Path(folder), authority, args.holders)
        authority_server = link_to_authority(Path(folder), authority)
        port, (client_id, secret) = bench_rp(Path(folder), authority.clock)
        ours_proc, ours = start(
            [sys.executable, "-m", "jpki.cli", "idp", "serve", "--data", folder,
             "--port", str(port)]
        )  # fmt: skip
        peer_proc, peer = start_peer(args.peer_dir)

        async def card_login(http: httpx.AsyncClient, number: int) -> None:
            flow = Login(http, ours, OURS)
            login_id, verifier = await flow.authorize(client_id)
            await flow.card(login_id, *holders[number % len(holders)])
            await flow.finish(login_id, verifier, {"basic": (client_id, secret)})

        async def their_login(http: httpx.AsyncClient, number: int) -> None:
            await peer_login(http, peer, f"holder-{number % len(holders)}")

        try:  # first visits untimed at both
            asyncio.run(timed(len(holders), 1, card_login))
            asyncio.run(timed(len(holders), 1, their_login))
            card = asyncio.run(timed(args.logins, args.concurrency, card_login))
            theirs = asyncio.run(timed(args.logins, args.concurrency, their_login))
        finally:
            for process in (ours_proc, peer_proc, authority_server):
                process.terminate()
                process.wait(timeout=30)
    report("our card login vs oidc-provider's development login", card, theirs, "logins/s",
           "none set; the peer checks no card")  # fmt: skip


if __name__ == "__main__":
    main()
