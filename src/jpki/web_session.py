"""Browser sessions (セッション) every holder-facing app shares: cookies encrypted and
authenticated under the app's own key, scoped to the app's own host.

A session cookie that carries tokens, claims or holder ids must be unreadable to anyone but the
app that set it: a signed cookie (Starlette's `SessionMiddleware`, itsdangerous) is readable
base64, so another service on the same host, a proxy's log or a browser extension would see the
holder's name, address and tokens in it. Here every value is sealed with AES-256-GCM (from
`cryptography`) under a key derived by HKDF-SHA256 from the app's secret (kept 0600 in its data
folder) and the cookie's purpose, with the time it was sealed inside the authenticated text; a
cookie altered, sealed under another key or for another purpose, or older than its lifetime
opens to nothing.

Every such cookie is `HttpOnly`, `SameSite=Lax`, `Path=/` without a `Domain` (so it goes back
to the host that set it only), named for the app's origin and, on https, `Secure` with the
`__Host-` prefix (RFC 6265bis 4.1.3.2: the browser then refuses it from any other host or path).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import struct
import time

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from itsdangerous.exc import BadSignature
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp

NONCE_BYTES = 12
SESSION_SECONDS = 14 * 24 * 60 * 60
"""How long a session cookie is accepted after it was last written (Starlette's default)."""


def is_https(origin: str) -> bool:
    return origin.lower().startswith("https://")


def cookie_name(base: str, origin: str) -> str:
    """`base`, with the `__Host-` prefix when the app at `origin` is served over https."""
    return f"__Host-{base}" if is_https(origin) else base


def session_cookie_for(origin: str) -> str:
    """A session cookie name of its own for the service at `origin` (`__Host-` on https)."""
    return cookie_name("session-" + hashlib.sha256(origin.encode()).hexdigest()[:12], origin)


class CookieSeal:
    """Seals bytes into cookie text and opens it again: AES-256-GCM, a fresh 96-bit nonce per
    cookie, the sealing time (Unix seconds) authenticated with the value."""

    def __init__(self, secret: str | bytes, purpose: str) -> None:
        material = secret.encode() if isinstance(secret, str) else secret
        key = HKDF(
            hashes.SHA256(), 32, salt=None, info=b"jpki cookie seal: " + purpose.encode()
        ).derive(material)
        self._aead = AESGCM(key)
        self._purpose = purpose.encode()

    def seal(self, value: bytes) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(
            nonce, struct.pack(">Q", int(time.time())) + value, self._purpose
        )
        return base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode()

    def open(self, text: str, max_age: int | None) -> bytes | None:
        """The value sealed in `text`, or None when it was not sealed here or is too old."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            plain = self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], self._purpose)
        except (binascii.Error, InvalidTag, ValueError):
            return None
        (sealed_at,) = struct.unpack(">Q", plain[:8])
        if max_age is not None and time.time() - sealed_at > max_age:
            return None
        return plain[8:]


class _SealingSigner:
    """What Starlette's `SessionMiddleware` calls its signer (`sign`, `unsign` raising
    `BadSignature`), sealing instead of signing. It is handed base64 JSON and seals the JSON
    itself, so the cookie is no longer than a signed one."""

    def __init__(self, seal: CookieSeal) -> None:
        self.seal = seal

    def sign(self, value: bytes) -> bytes:
        return self.seal.seal(base64.b64decode(value)).encode()

    def unsign(self, value: bytes, max_age: int | None = None) -> bytes:
        opened = self.seal.open(value.decode(), max_age)
        if opened is None:
            raise BadSignature("not a session cookie of this app")
        return base64.b64encode(opened)


class EncryptedSessions(SessionMiddleware):
    """Starlette's session middleware (`request.session`), its cookie sealed by `CookieSeal`
    under `secret`, named for `origin` and scoped to it (see the module)."""

    def __init__(self, app: ASGIApp, secret: str, origin: str) -> None:
        name = session_cookie_for(origin)
        super().__init__(
            app,
            secret_key=secret,
            session_cookie=name,
            max_age=SESSION_SECONDS,
            path="/",
            same_site="lax",
            https_only=is_https(origin),
        )
        self.signer = _SealingSigner(CookieSeal(secret, f"session {name}"))  # type: ignore[assignment]


__all__ = [
    "SESSION_SECONDS",
    "CookieSeal",
    "EncryptedSessions",
    "cookie_name",
    "is_https",
    "session_cookie_for",
]
