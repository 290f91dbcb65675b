"""The OCSP endpoint as a bare ASGI handler: every microsecond counts on this path.

POST /ocsp with an `application/ocsp-request` body, or GET /ocsp/<base64 request> (RFC 5019).
The caller is an accredited verifier identified by the `X-JPKI-Verifier-Key` header; any
other caller gets the OCSP `unauthorized` status. Bad input gets `malformedRequest`, an
oversized body HTTP 413, a failure inside the responder `internalError`: never a 500.
"""

from __future__ import annotations

import base64
import binascii
import logging
import urllib.parse
from collections.abc import Awaitable, Callable, MutableMapping
from email.utils import format_datetime
from typing import Any

import anyio.to_thread

from jpki.authority.disclosures import AuthorityDisclosures
from jpki.authority.errors import NotAuthorized
from jpki.authority.ocsp.responder import (
    INTERNAL_ERROR,
    MALFORMED,
    UNAUTHORIZED,
    OcspAnswer,
    OcspResponder,
)
from jpki.authority.ocsp.settlement import Settlement
from jpki.authority.verifiers import OCSP, FeeMeter, VerifierDirectory
from jpki.clock import Clock

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

VERIFIER_KEY_HEADER = b"x-jpki-verifier-key"
log = logging.getLogger(__name__)


class _TooLarge(Exception):
    pass


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def decode_get_path(path: bytes, prefix: bytes) -> bytes | None:
    """The DER request inside `GET <prefix>/<url-encoded base64>`, or None if malformed."""
    encoded = path[len(prefix) :].lstrip(b"/")
    text = urllib.parse.unquote_to_bytes(encoded).replace(b"-", b"+").replace(b"_", b"/")
    text += b"=" * (-len(text) % 4)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


class OcspEndpoint:
    """ASGI app answering OCSP over HTTP for accredited verifiers."""

    def __init__(
        self,
        responder: OcspResponder,
        directory: VerifierDirectory,
        meter: FeeMeter,
        disclosures: AuthorityDisclosures,
        clock: Clock,
        max_body: int,
        prefix: str = "/ocsp",
        settlement: Settlement | None = None,
    ) -> None:
        self._responder = responder
        self._directory = directory
        self._meter = meter
        self._disclosures = disclosures
        self._clock = clock
        self._max_body = max_body
        self._prefix = prefix.encode()
        self._settlement = settlement

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        if method == "POST":
            try:
                body: bytes | None = await _read_body(receive, self._max_body)
            except _TooLarge:
                await _plain(send, 413, b"request body too large")
                return
        elif method == "GET":
            body = decode_get_path(scope.get("raw_path") or scope["path"].encode(), self._prefix)
        else:
            await _plain(send, 405, b"use POST or GET (RFC 6960 appendix A)")
            return
        answer = await self._answer(body, _header(scope, VERIFIER_KEY_HEADER))
        await self._send(send, answer, method == "GET")

    async def _answer(self, body: bytes | None, api_key: str | None) -> OcspAnswer:
        if not body:
            return OcspAnswer(MALFORMED, ())
        try:
            verifier = self._directory.authenticate(api_key)
        except NotAuthorized:
            return OcspAnswer(UNAUTHORIZED, ())
        answer = self._responder.cached(body, verifier)
        if answer is None:
            try:
                answer = await anyio.to_thread.run_sync(self._responder.respond, body, verifier)
            except Exception:
                log.exception("OCSP responder failed")
                return OcspAnswer(INTERNAL_ERROR, ())
        for purpose in answer.purposes:
            self._meter.record(verifier.id, purpose, OCSP)
        self._disclosures.ocsp(verifier, answer.serials)
        if self._settlement is not None:
            try:
                await self._settlement.settled()
            except Exception:
                log.exception("OCSP fees could not be committed")
                return OcspAnswer(INTERNAL_ERROR, ())
        return answer

    async def _send(self, send: Send, answer: OcspAnswer, cacheable: bool) -> None:
        headers = [
            (b"content-type", b"application/ocsp-response"),
            (b"content-length", str(len(answer.der)).encode()),
        ]
        if cacheable and answer.max_age:
            now = self._clock.now()
            headers += [
                (b"cache-control", f"max-age={answer.max_age}, public, no-transform".encode()),
                (b"last-modified", format_datetime(now, usegmt=True).encode()),
            ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer.der})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


async def _plain(send: Send, status: int, text: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain"),
                (b"content-length", str(len(text)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": text})


__all__ = ["VERIFIER_KEY_HEADER", "OcspEndpoint", "decode_get_path"]
