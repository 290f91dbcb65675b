"""The signature verification platform's REST API (署名検証プラットフォーム), as a service
provider calls it: HTTP with the SP's API key, nothing imported from the platform.

Every answer the platform gives is `{"receipt": ..., "result": {...}}`; refusals the platform
makes about a card (a bad signature, a revoked certificate) come back as results, while
transport failures and HTTP errors become `PlatformUnavailable` so a service can say "try
again" instead of crashing.
"""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

import httpx

from jpki.profile.errors import JpkiError
from jpki.protocol.codec import encode_b64
from jpki.protocol.wallet import LoginAnswer


class PlatformUnavailable(JpkiError):
    """The platform could not be reached or refused the request itself (not a verdict)."""


@dataclasses.dataclass(frozen=True)
class Answer:
    receipt: str
    """The platform's receipt number (受付処理番号): the evidence of this check."""
    result: dict[str, Any]


class PlatformApi:
    """One tenant's client of the platform's `/v1` API."""

    def __init__(self, url: str, api_key: str, http: httpx.Client | None = None) -> None:
        self.url = url.rstrip("/")
        self.http = http or httpx.Client(timeout=30.0)
        self.headers = {"X-API-Key": api_key}

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        try:
            reply = self.http.request(method, self.url + path, json=body, headers=self.headers)
        except httpx.HTTPError as exc:
            raise PlatformUnavailable(f"the platform is unreachable: {exc}") from exc
        if reply.status_code >= 300:
            try:
                message = reply.json().get("error") or reply.json().get("detail")
            except ValueError:
                message = reply.text[:200]
            raise PlatformUnavailable(f"the platform refused ({reply.status_code}): {message}")
        return reply.json()

    def _answer(self, path: str, body: dict[str, Any]) -> Answer:
        data = self._call("POST", path, body)
        return Answer(str(data["receipt"]), dict(data["result"]))

    def challenge(self, origin: str) -> dict[str, Any]:
        """A login nonce bound to this SP and `origin` (one of its registered origins)."""
        return dict(self._call("POST", "/v1/challenges", {"origin": origin}))

    def authenticate(self, challenge: dict[str, Any], answer: LoginAnswer) -> Answer:
        """Check the card's answer to `challenge`: `answer` is what the wallet sent."""
        return self._answer(
            "/v1/authentications",
            {
                "nonce": challenge["nonce"],
                "origin": challenge["origin"],
                "certificate": answer.certificate,
                "signature": answer.signature or "",
                "institution_code": answer.institution_code,
            },
        )

    def tls_client(self, certificate: bytes) -> Answer:
        """Judge a certificate our TLS server took from a verified client authentication, and
        name the holder's linked customers (the SP keeps no serials: 代行)."""
        return self._answer(
            "/v1/authentications/tls-client", {"certificate": encode_b64(certificate)}
        )

    def register_customer(
        self, reference: str, cms: str, content: bytes, *, consent_four_info: bool
    ) -> Answer:
        """Link `reference` to the holder who signed `content` (紐付け)."""
        return self._answer(
            "/v1/customers",
            {
                "reference": reference,
                "signature": cms,
                "content": encode_b64(content),
                "consent_four_info": consent_four_info,
            },
        )

    def unlink(self, reference: str) -> Answer:
        data = self._call("DELETE", f"/v1/customers/{reference}/links")
        return Answer(str(data["receipt"]), dict(data["result"]))

    def verify_cms(self, cms: str, content: bytes) -> Answer:
        return self._answer(
            "/v1/signatures/cms", {"signature": cms, "content": encode_b64(content)}
        )

    def verify_pdf(self, document: bytes) -> Answer:
        return self._answer("/v1/signatures/pdf", {"document": encode_b64(document)})

    def preserve_pdf(self, document: bytes) -> tuple[Answer, bytes]:
        """The signed PDF made long-term by the platform (validation data and a document
        time-stamp: PAdES B-LT/B-LTA), with the verification of its signatures."""
        data = self._call(
            "POST", "/v1/signatures/pdf/long-term", {"document": encode_b64(document)}
        )
        return Answer(str(data["receipt"]), dict(data["result"])), base64.b64decode(
            data["document"]
        )

    @property
    def timestamp_url(self) -> str:
        """The platform's time-stamping authority (RFC 3161 over HTTP), open to signers."""
        return f"{self.url}/timestamping/tsa"

    def status_check(
        self,
        *,
        references: list[str] | None = None,
        certificates: list[bytes] | None = None,
        latest_four_info: bool = False,
    ) -> Answer:
        """現況確認 of stored customers (references) or stored signing certificates."""
        return self._answer(
            "/v1/status-checks",
            {
                "references": references or [],
                "certificates": [encode_b64(c) for c in certificates or []],
                "latest_four_info": latest_four_info,
            },
        )

    def set_webhook(self, url: str) -> str:
        """Send change notifications to `url`; answers the signing secret."""
        return str(self._call("PUT", "/v1/webhook", {"url": url})["secret"])


__all__ = ["Answer", "PlatformApi", "PlatformUnavailable"]
