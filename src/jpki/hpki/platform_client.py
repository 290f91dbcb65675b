"""The HPKI authority as a 委託 (itaku) tenant of the signature verification platform: it has
the platform judge the JPKI signing certificate's CMS over an application and reads the signer's
4 information from the verdict. HTTP with the tenant's API key; nothing imported from the
platform (the messages are `jpki.protocol.verification`'s)."""

from __future__ import annotations

import httpx
from pydantic import ValidationError

from jpki.hpki.errors import ApplicationRefused
from jpki.protocol.codec import encode_b64
from jpki.protocol.verification import Receipted, SignatureResult


class PlatformSignatureCheck:
    """`/v1/signatures/cms` of the platform at `url` under `api_key`."""

    def __init__(self, url: str, api_key: str, http: httpx.Client | None = None) -> None:
        self.url = url.rstrip("/")
        self.headers = {"X-API-Key": api_key}
        self.http = http or httpx.Client(timeout=30.0)

    def verify_cms(self, signature: bytes, content: bytes) -> Receipted[SignatureResult]:
        body = {"signature": encode_b64(signature), "content": encode_b64(content)}
        try:
            reply = self.http.post(f"{self.url}/v1/signatures/cms", json=body, headers=self.headers)
        except httpx.HTTPError as exc:
            raise ApplicationRefused(
                "platform-unavailable", f"the platform is unreachable: {exc}"
            ) from exc
        if reply.status_code in (400, 413, 422):
            raise ApplicationRefused("card-signature", "the platform could not read the signature")
        if reply.status_code != 200:
            raise ApplicationRefused(
                "platform-unavailable", f"the platform answered {reply.status_code}"
            )
        try:
            return Receipted[SignatureResult].model_validate(reply.json())
        except (ValueError, ValidationError) as exc:
            raise ApplicationRefused(
                "platform-unavailable", "the platform's reply is not understood"
            ) from exc


__all__ = ["PlatformSignatureCheck"]
