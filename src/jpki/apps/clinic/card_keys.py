"""The clinic's key for a card in its terminals' offline cache (オフライン用カード鍵).

An offline terminal must recognise a card without the platform, so the cache needs a value the
terminal can compute from what the card presents. A plain fingerprint (SHA-256 of the
certificate) would be a global identifier of the holder that anyone holding the public
certificate can recompute and join across services, and the 代行 model promises that a service
keeps no certificate, hash, subject or serial. The cache therefore keys cards by an HMAC-SHA256
of the certificate under the clinic's own secret: the same card gives another service (or
another clinic secret) an unrelated value, and nothing in the clinic's tables is the
certificate's hash.
"""

from __future__ import annotations

import hashlib
import hmac

KEY_FILE = "card-key-secret"
"""The secret's file in the service's folder (made once, mode 0600)."""


def card_key(secret: str, certificate_der: bytes) -> str:
    """The card's key under `secret`: HMAC-SHA256 of the certificate, hex (64 characters)."""
    return hmac.new(secret.encode(), certificate_der, hashlib.sha256).hexdigest()


__all__ = ["KEY_FILE", "card_key"]
