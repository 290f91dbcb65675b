"""The signature verification platform's REST API (署名検証プラットフォーム), as a service
provider calls it: HTTP with the SP's API key, nothing imported from the platform.

Every answer the platform gives is `{"receipt": ..., "result": {...}}`, parsed into the
protocol's typed results (`jpki.protocol.verification`); refusals the platform makes about a
card (a bad signature, a revoked certificate) come back as results, while transport failures,
HTTP errors and replies that are not the protocol's become `PlatformUnavailable` so a service
can say "try again" instead of crashing.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from jpki.profile.errors import JpkiError
from jpki.protocol.attributes import CHECKS_PATH, AttributeCheck, AttributeCheckRequest
from jpki.protocol.codec import encode_b64
from jpki.protocol.consent import ConsentAsked, ConsentText
from jpki.protocol.death_onestop import (
    DeathOnestopRegistered,
    DeathOnestopRegistration,
    OnestopParticipant,
)
from jpki.protocol.four_info import FourInfoItem
from jpki.protocol.verification import (
    LoginResult,
    PdfSignaturesResult,
    PreservedPdf,
    Receipted,
    RegistrationResult,
    SignatureResult,
    StatusReport,
    UnlinkResult,
)
from jpki.protocol.wallet import Label, LoginAnswer, SignatureAnswer

Reply = TypeVar("Reply", bound=BaseModel)

Signed = str | SignatureAnswer
"""A CMS for the platform: base64 in the clear, or the wallet's answer relayed as it came (a
sealed CMS stays sealed: a 代行 service cannot read the certificate in it)."""


class PlatformUnavailable(JpkiError):
    """The platform could not be reached or refused the request itself (not a verdict)."""


class PlatformRefusedInput(PlatformUnavailable):
    """The platform refused what the service relayed from its own client (a terminal's
    malformed certificate, an unknown or spent challenge): the client's error, a 4xx, not the
    platform's (a refused API key, a 5xx stay `PlatformUnavailable`, a 502)."""


CLIENT_FAULTS = frozenset({400, 404, 409, 410, 413, 422})
"""The platform's answers that blame the request's content, not the SP or the platform."""


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
            kind = (
                PlatformRefusedInput if reply.status_code in CLIENT_FAULTS else PlatformUnavailable
            )
            raise kind(f"the platform refused ({reply.status_code}): {message}")
        return reply.json()

    def _parsed(
        self, shape: type[Reply], method: str, path: str, body: dict[str, Any] | None = None
    ) -> Reply:
        """The reply to `method path` as the protocol's `shape`."""
        data = self._call(method, path, body)
        try:
            return shape.model_validate(data)
        except ValidationError as exc:
            raise PlatformUnavailable(f"the platform's reply is not understood: {exc}") from exc

    def challenge(self, origin: str, *, sealed: bool = False) -> dict[str, Any]:
        """A login nonce bound to this SP and `origin` (one of its registered origins); a
        `sealed` one takes only an answer the wallet sealed to the platform."""
        return dict(self._call("POST", "/v1/challenges", {"origin": origin, "sealed": sealed}))

    def authenticate(
        self, challenge: dict[str, Any], answer: LoginAnswer
    ) -> Receipted[LoginResult]:
        """Check the card's answer to `challenge`: `answer` is what the wallet sent, relayed
        as it came (a sealed answer stays sealed: the service cannot read it)."""
        card: dict[str, Any] = (
            {"sealed": answer.sealed}
            if answer.sealed is not None
            else {
                "certificate": answer.certificate,
                "signature": answer.signature or "",
                "institution_code": answer.institution_code,
            }
        )
        return self._parsed(
            Receipted[LoginResult],
            "POST",
            "/v1/authentications",
            {"nonce": challenge["nonce"], "origin": challenge["origin"], **card},
        )

    def tls_client(self, certificate: bytes) -> Receipted[LoginResult]:
        """Judge a certificate our TLS server took from a verified client authentication, and
        name the holder's linked customers (the SP keeps no serials: 代行)."""
        return self._parsed(
            Receipted[LoginResult],
            "POST",
            "/v1/authentications/tls-client",
            {"certificate": encode_b64(certificate)},
        )

    def ask_consent(self, purpose: Label, items: Sequence[FourInfoItem]) -> ConsentText:
        """The platform's consent text (同意文) naming this SP, `purpose` and `items`, for the
        holder to sign before the SP registers them (see `register_customer`)."""
        asked = ConsentAsked(purpose=purpose, items=tuple(items))
        return self._parsed(ConsentText, "POST", "/v1/consents", asked.to_wire())

    def register_customer(
        self, reference: str, cms: Signed, content: bytes
    ) -> Receipted[RegistrationResult]:
        """Link `reference` to the holder who signed `content` (紐付け); when `content` is a
        consent text of `ask_consent`, the answer carries the items it names."""
        return self._parsed(
            Receipted[RegistrationResult],
            "POST",
            "/v1/customers",
            {"reference": reference, **_signed(cms), "content": encode_b64(content)},
        )

    def unlink(self, reference: str) -> Receipted[UnlinkResult]:
        return self._parsed(Receipted[UnlinkResult], "DELETE", f"/v1/customers/{reference}/links")

    def verify_cms(self, cms: Signed, content: bytes) -> Receipted[SignatureResult]:
        return self._parsed(
            Receipted[SignatureResult],
            "POST",
            "/v1/signatures/cms",
            {**_signed(cms), "content": encode_b64(content)},
        )

    def verify_pdf(self, document: bytes) -> Receipted[PdfSignaturesResult]:
        return self._parsed(
            Receipted[PdfSignaturesResult],
            "POST",
            "/v1/signatures/pdf",
            {"document": encode_b64(document)},
        )

    def preserve_pdf(self, document: bytes) -> tuple[Receipted[PdfSignaturesResult], bytes]:
        """The signed PDF made long-term by the platform (validation data and a document
        time-stamp: PAdES B-LT/B-LTA), with the verification of its signatures."""
        preserved = self._parsed(
            PreservedPdf,
            "POST",
            "/v1/signatures/pdf/long-term",
            {"document": encode_b64(document)},
        )
        checked = Receipted[PdfSignaturesResult](receipt=preserved.receipt, result=preserved.result)
        return checked, base64.b64decode(preserved.document)

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
    ) -> Receipted[StatusReport]:
        """現況確認 of stored customers (references) or stored signing certificates."""
        return self._parsed(
            Receipted[StatusReport],
            "POST",
            "/v1/status-checks",
            {
                "references": references or [],
                "certificates": [encode_b64(c) for c in certificates or []],
                "latest_four_info": latest_four_info,
            },
        )

    def death_onestop_participants(self) -> list[OnestopParticipant]:
        """The businesses a holder can choose for the death one-stop (死亡・相続ワンストップ)."""
        data = self._call("GET", "/v1/death-onestop/participants")
        try:
            return [OnestopParticipant.model_validate(item) for item in data]
        except (TypeError, ValidationError) as exc:
            raise PlatformUnavailable(f"the platform's reply is not understood: {exc}") from exc

    def register_death_onestop(
        self, reference: str, notify: Sequence[str]
    ) -> Receipted[DeathOnestopRegistered]:
        """The businesses to notify when the linked customer `reference` dies (none: ended)."""
        body = DeathOnestopRegistration(notify=list(notify))
        return self._parsed(
            Receipted[DeathOnestopRegistered],
            "PUT",
            f"/v1/customers/{reference}/death-onestop",
            body.model_dump(mode="json"),
        )

    def check_attribute_certificate(
        self, request: AttributeCheckRequest
    ) -> Receipted[AttributeCheck]:
        """An attribute certificate with the JPKI certificate of the card that logged in: its
        verdict and whether the card's holder is the AC's holder (yes or no)."""
        return self._parsed(
            Receipted[AttributeCheck], "POST", CHECKS_PATH, request.model_dump(exclude_none=True)
        )

    def set_webhook(self, url: str) -> str:
        """Send change notifications to `url`; answers the signing secret."""
        return str(self._call("PUT", "/v1/webhook", {"url": url})["secret"])


def _signed(cms: Signed) -> dict[str, str]:
    """The body field carrying `cms`: `signature` in the clear, or `sealed`."""
    if isinstance(cms, str):
        return {"signature": cms}
    if cms.sealed is not None:
        return {"sealed": cms.sealed}
    return {"signature": cms.cms or ""}


__all__ = [
    "CLIENT_FAULTS",
    "PlatformApi",
    "PlatformRefusedInput",
    "PlatformUnavailable",
    "Signed",
]
