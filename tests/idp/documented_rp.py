"""An RP of the Digital Agency's デジタル認証アプリ API written only from its public developer
documentation, not from our code: the API reference for private businesses
(developers.digital.go.jp/documents/auth-and-sign/authserver), the implementation guideline
(.../implement-guideline) and the published integration walk-throughs (client-credentials
token, sign transaction with a SHA-256 digest or a DigestInfo-wrapped hash, result fetched at
`/api/sign-transactions/{id}/result`).

It knows the sandbox's layout (`/api/realms/main/...`), sends what the reference marks required
(`state`, `nonce`, PKCE S256), authenticates with `private_key_jwt` (iss = sub = client ID,
aud = the token endpoint, a fresh `jti`, a short `exp`) and checks the ID token against the
realm's `certs`. Where the documentation names no field (the sign transaction's JSON), it uses
what docs/idp-digital-agency.md says the twin chose.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import secrets
import time
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

REALM = "/api/realms/main"
CONNECT = f"{REALM}/protocol/openid-connect"
SIGN_TRANSACTIONS = "/api/sign-transactions"
SCOPES = "openid name address birthdate gender"


@dataclasses.dataclass
class Pending:
    """What the RP keeps between its redirect and the callback."""

    state: str
    nonce: str
    verifier: str


class DocumentedRp:
    def __init__(self, http: Any, base: str, client_id: str, redirect_uri: str) -> None:
        self.http, self.base, self.client_id, self.redirect_uri = (
            http,
            base,
            client_id,
            redirect_uri,
        )
        self.key = ECKey.generate_key("P-256", parameters={"kid": "rp-1", "alg": "ES256"})

    @property
    def public_jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.as_dict(private=False)]}

    @property
    def token_endpoint(self) -> str:
        return f"{self.base}{CONNECT}/token"

    def assertion(self, **override: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": self.client_id,
            "sub": self.client_id,
            "aud": self.token_endpoint,
            "jti": f"{self.client_id}_{secrets.token_hex(8)}",
            "iat": now,
            "exp": now + 300,
        } | override
        return jwt.encode({"alg": "ES256", "kid": "rp-1"}, claims, self.key)

    def authentication(self, **override: Any) -> dict[str, str]:
        return {
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": self.assertion(**override),
        }

    def authorization_url(self, scope: str = SCOPES, **extra: str) -> tuple[str, Pending]:
        pending = Pending(secrets.token_hex(16), secrets.token_hex(16), secrets.token_hex(32))
        challenge = base64.urlsafe_b64encode(hashlib.sha256(pending.verifier.encode()).digest())
        params = {
            "response_type": "code",
            "scope": scope,
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": challenge.rstrip(b"=").decode(),
            "code_challenge_method": "S256",
            "acr_values": "aal3 crl",
            **extra,
        }
        return f"{self.base}{CONNECT}/auth?{urlencode(params)}", pending

    def callback(self, location: str, pending: Pending) -> dict[str, Any]:
        """The redirect back: state checked, code exchanged, ID token verified."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
        assert query.get("state") == pending.state
        if "error" in query:
            return {"error": query["error"]}
        answer = self.http.post(
            self.token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": query["code"],
                "redirect_uri": self.redirect_uri,
                "code_verifier": pending.verifier,
                "client_id": self.client_id,
                **self.authentication(),
            },
        )
        assert answer.status_code == 200, answer.text
        tokens = answer.json()
        certs = self.http.get(f"{self.base}{CONNECT}/certs").json()
        id_token = jwt.decode(
            tokens["id_token"], KeySet.import_key_set(certs), algorithms=["ES256"]
        )
        claims = id_token.claims
        assert claims["iss"] == f"{self.base}{REALM}"
        assert claims["aud"] == self.client_id
        assert claims["nonce"] == pending.nonce
        assert claims["exp"] > claims["iat"]
        return {"tokens": tokens, "id_token": claims, "session_state": query.get("session_state")}

    def userinfo(self, access_token: str) -> Any:
        return self.http.get(
            f"{self.base}{CONNECT}/userinfo", headers={"Authorization": f"Bearer {access_token}"}
        )

    def refresh(self, refresh_token: str) -> Any:
        return self.http.post(
            self.token_endpoint,
            data={
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "client_id": self.client_id,
                **self.authentication(),
            },
        )

    def client_token(self) -> str:
        answer = self.http.post(
            self.token_endpoint,
            data={"grant_type": "client_credentials", "scope": "sign", **self.authentication()},
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["access_token"])

    def start_sign(self, document: bytes, *, digest_info: bool = False) -> Any:
        """A sign transaction over `document`: its SHA-256, or that wrapped in a DigestInfo."""
        digest = hashlib.sha256(document).digest()
        if digest_info:  # DER DigestInfo { sha256, NULL } ‖ digest (RFC 8017 §9.2 note 1)
            prefix = bytes.fromhex("3031300d060960864801650304020105000420")
            body = {"digest_info": base64.b64encode(prefix + digest).decode()}
        else:
            body = {"digest": base64.b64encode(digest).decode()}
        return self.http.post(
            f"{self.base}{SIGN_TRANSACTIONS}",
            json=body,
            headers={"Authorization": f"Bearer {self.client_token()}"},
        )

    def sign_result(self, transaction_id: str, access_token: str) -> Any:
        return self.http.get(
            f"{self.base}{SIGN_TRANSACTIONS}/{transaction_id}/result",
            headers={"Authorization": f"Bearer {access_token}"},
        )
