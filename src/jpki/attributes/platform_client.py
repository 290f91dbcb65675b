"""The attribute authority as a tenant of the signature verification platform: its login
challenges and the check of the card's answers, over the platform's `/v1` REST API (the
authority imports nothing of the platform; the replies are the protocol's typed results)."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import ValidationError

from jpki.attributes.errors import InvalidRequest, PlatformFailed
from jpki.protocol.attributes import ChallengeRef
from jpki.protocol.verification import LoginResult, Receipted
from jpki.protocol.wallet import LoginAnswer


class PlatformTenant:
    """The authority's client of the platform (委託 tenant, stable IDs for any known holder)."""

    def __init__(self, url: str, api_key: str, http: httpx.Client | None = None) -> None:
        self.url = url.rstrip("/")
        self.http = http or httpx.Client(timeout=30.0)
        self.headers = {"X-API-Key": api_key}

    def _call(self, path: str, body: dict[str, Any]) -> Any:
        try:
            reply = self.http.post(self.url + path, json=body, headers=self.headers)
        except httpx.HTTPError as exc:
            raise PlatformFailed(f"the platform is unreachable: {exc}") from exc
        if reply.status_code in (400, 404, 409, 410, 422):
            raise InvalidRequest(f"the platform refused ({reply.status_code}): {reply.text[:200]}")
        if reply.status_code >= 300:
            raise PlatformFailed(f"the platform failed ({reply.status_code})")
        return reply.json()

    def challenge(self, origin: str) -> dict[str, Any]:
        """A login nonce bound to the authority (the provider) and an office's `origin`."""
        return dict(self._call("/v1/challenges", {"origin": origin, "sealed": False}))

    def authenticate(self, challenge: ChallengeRef, answer: LoginAnswer) -> Receipted[LoginResult]:
        """The platform's check of the card's answer (with the holder's stable ID)."""
        card: dict[str, Any] = (
            {"sealed": answer.sealed}
            if answer.sealed is not None
            else {
                "certificate": answer.certificate,
                "signature": answer.signature or "",
                "institution_code": answer.institution_code,
            }
        )
        body = {"nonce": challenge.nonce, "origin": challenge.origin, **card}
        try:
            return Receipted[LoginResult].model_validate(self._call("/v1/authentications", body))
        except ValidationError as exc:
            raise PlatformFailed(f"the platform's reply is not understood: {exc}") from exc

    def close(self) -> None:
        self.http.close()


__all__ = ["PlatformTenant"]
