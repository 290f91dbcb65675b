"""What the card signs to log in: a digest binding the service provider, the origin and the nonce.

Seed 000's 利用者証明の利用手順 has the service send a random value and the card sign it. Done
naively, a phishing site can relay a real site's challenge and pass the signature on. As in
Web eID, the card therefore signs a digest that also covers the origin the browser (or app)
was really talking to, and here also the service provider the challenge was issued for:

    SHA-256( "JPKI-AUTH-V1" || SHA-256(provider) || SHA-256(origin) || SHA-256(nonce) )

The client computes it from what it sees; the verifier from what it issued. Any difference
makes the signature fail.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import re
import urllib.parse

from jpki.profile.errors import ProfileError

DOMAIN = b"JPKI-AUTH-V1"
NONCE_BYTES = 32
"""256-bit nonces."""
_HOST = re.compile(r"[a-z0-9.-]+|\[[0-9a-f:]+\]")


@functools.lru_cache(maxsize=4096)
def is_loopback(host: str) -> bool:
    """`localhost` or a loopback address (all of 127.0.0.0/8, where the sandbox gives each
    service its own address, and ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def normalise_origin(origin: str) -> str:
    """`scheme://host[:port]`, lower case, default port dropped; refuses anything else.

    Only https is accepted, except http for loopback (development and tests).
    """
    parsed = urllib.parse.urlsplit(origin.strip())
    scheme, host = parsed.scheme.lower(), (parsed.hostname or "").lower()
    if parsed.path not in ("", "/") or parsed.query or parsed.fragment or parsed.username:
        raise ProfileError(f"an origin has no path, query or user: {origin!r}")
    if not host or not _HOST.fullmatch(host if ":" not in host else f"[{host}]"):
        raise ProfileError(f"an origin needs a host: {origin!r}")
    loopback = is_loopback(host)
    if scheme != "https" and not (scheme == "http" and loopback):
        raise ProfileError(f"an origin must be https (http only on loopback): {origin!r}")
    try:
        port = parsed.port
    except ValueError as exc:
        raise ProfileError(f"bad port in origin {origin!r}") from exc
    shown = f"[{host}]" if ":" in host else host
    default = {"https": 443, "http": 80}[scheme]
    return f"{scheme}://{shown}" + (f":{port}" if port and port != default else "")


def authentication_digest(provider: str, origin: str, nonce: bytes) -> bytes:
    """The SHA-256 digest the card's authentication key signs to answer a login challenge."""
    if len(nonce) < NONCE_BYTES:
        raise ProfileError(f"a login nonce has at least {NONCE_BYTES * 8} bits")
    if not provider:
        raise ProfileError("a login challenge names its service provider")
    parts = (provider.encode(), normalise_origin(origin).encode(), nonce)
    return hashlib.sha256(DOMAIN + b"".join(hashlib.sha256(p).digest() for p in parts)).digest()


__all__ = ["DOMAIN", "NONCE_BYTES", "authentication_digest", "is_loopback", "normalise_origin"]
