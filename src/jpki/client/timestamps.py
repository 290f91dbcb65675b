"""Asking a time-stamping authority (タイムスタンプ局) over HTTP, RFC 3161 section 3.4.

A PDF signature with a signature time-stamp is PAdES B-T: it proves the signature existed at
that time, which is what lets a verifier judge it long after the certificate expired. pyHanko
builds the request and checks the answer; this class only carries it over httpx.
"""

from __future__ import annotations

import httpx
from asn1crypto import tsp
from pyhanko.sign import timestamps

from jpki.client.errors import TimestampUnavailable

QUERY, REPLY = "application/timestamp-query", "application/timestamp-reply"


class HttpTimeStamper(timestamps.TimeStamper):
    """A TSA at `url` (e.g. the platform's `/timestamping/tsa`)."""

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"a time-stamping authority is reached over HTTP(S), not {url!r}")
        super().__init__()
        self.url, self.timeout = url, timeout

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as http:
                reply = await http.post(
                    self.url, content=req.dump(), headers={"Content-Type": QUERY}
                )
        except httpx.HTTPError as exc:
            raise TimestampUnavailable(
                f"the time-stamping authority is unreachable: {exc}"
            ) from exc
        if reply.status_code != 200 or reply.headers.get("content-type") != REPLY:
            raise TimestampUnavailable(
                f"the time-stamping authority answered HTTP {reply.status_code}"
            )
        return tsp.TimeStampResp.load(reply.content)


__all__ = ["HttpTimeStamper"]
