"""The attribute authority's HTTP API as a service calls it (属性認証局): as an office that
asks it to issue (with the office's API key), and as a relying party that fetches its
certificate and CRL to trust. Nothing is imported from the authority; the replies are the
protocol's messages (`jpki.protocol.attributes`), and failures are `PlatformUnavailable`-like
`AuthorityUnavailable` so a page says "try again" instead of crashing."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
from pydantic import TypeAdapter, ValidationError

from jpki.apps.kit.platform_api import PlatformUnavailable
from jpki.protocol.attributes import (
    ABOUT_PATH,
    CHALLENGES_PATH,
    ISSUANCES_PATH,
    REVOCATIONS_PATH,
    AttributeRequest,
    AuthorityAbout,
    ChallengeRef,
    IssuanceRequest,
    IssuanceResult,
    RevocationRequest,
    Revoked,
)
from jpki.protocol.wallet import LoginAnswer

_RESULT: TypeAdapter[IssuanceResult] = TypeAdapter(IssuanceResult)


class AuthorityUnavailable(PlatformUnavailable):
    """The attribute authority could not be reached or refused the request itself."""


@dataclasses.dataclass(frozen=True)
class AttributeOffice:
    """Where the authority answers and, for an office, its API key there."""

    url: str
    api_key: str | None = None


class AttributesApi:
    def __init__(self, office: AttributeOffice, http: httpx.Client | None = None) -> None:
        self.url = office.url.rstrip("/")
        self.http = http or httpx.Client(timeout=30.0)
        self.headers = {"X-API-Key": office.api_key} if office.api_key else {}

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        try:
            reply = self.http.request(method, self.url + path, json=body, headers=self.headers)
        except httpx.HTTPError as exc:
            raise AuthorityUnavailable(f"the attribute authority is unreachable: {exc}") from exc
        if reply.status_code >= 300:
            raise AuthorityUnavailable(
                f"the attribute authority refused ({reply.status_code}): {reply.text[:200]}"
            )
        return reply

    def about(self) -> AuthorityAbout:
        try:
            return AuthorityAbout.model_validate(self._call("GET", ABOUT_PATH).json())
        except (ValidationError, ValueError) as exc:
            raise AuthorityUnavailable(f"the authority's reply is not understood: {exc}") from exc

    def crl(self, url: str) -> bytes:
        """The authority's current CRL (from the URL its `about` names)."""
        try:
            reply = self.http.get(url)
        except httpx.HTTPError as exc:
            raise AuthorityUnavailable(f"the authority's CRL is unreachable: {exc}") from exc
        if reply.status_code != 200:
            raise AuthorityUnavailable(f"the authority's CRL: {reply.status_code}")
        return reply.content

    def challenge(self, origin: str) -> dict[str, Any]:
        """The authority's login challenge for the office's page at `origin`."""
        return dict(self._call("POST", CHALLENGES_PATH, {"origin": origin}).json())

    def issue(
        self, challenge: dict[str, Any], answer: LoginAnswer, attribute: AttributeRequest
    ) -> IssuanceResult:
        request = IssuanceRequest(
            challenge=ChallengeRef(nonce=challenge["nonce"], origin=challenge["origin"]),
            answer=answer,
            attribute=attribute,
        )
        reply = self._call(
            "POST", ISSUANCES_PATH, request.model_dump(mode="json", exclude_none=True)
        )
        try:
            return _RESULT.validate_python(reply.json())
        except (ValidationError, ValueError) as exc:
            raise AuthorityUnavailable(f"the authority's reply is not understood: {exc}") from exc

    def revoke(self, serial: str) -> Revoked:
        reply = self._call("POST", REVOCATIONS_PATH, RevocationRequest(serial=serial).model_dump())
        return Revoked.model_validate(reply.json())


__all__ = ["AttributeOffice", "AttributesApi", "AuthorityUnavailable"]
