"""Assurance levels (認証の強度): how strongly a holder was authenticated, in every spelling
the parties use.

One level has one name on the platform's wire (`assurance`: `pin`, `pinless`, ...), one URN in
OpenID Connect (`acr`, `acr_values`: `urn:jpki:acr:pin`, ...), a rank to compare levels, the
RFC 8176 authentication methods (`amr`) an ID token reports, and a label in English and
Japanese for the pages that ask the holder. The levels are seed 000's: the card signing after
its PIN (high), the card signing for a registered terminal without it (medium), and the
certificate alone (low); and the card signing a TLS handshake that the service checked itself
(seed 002 No.14).
"""

from __future__ import annotations

import enum

from jpki.profile.medium import Medium

URN_PREFIX = "urn:jpki:acr:"


class Level(enum.StrEnum):
    """An assurance level; its value is the platform's `assurance` name."""

    PIN = "pin"
    """The card signed after its PIN was entered: high."""
    PINLESS = "pinless"
    """The card signed for a registered terminal without the PIN: medium."""
    CERTIFICATE = "certificate"
    """Only the certificate was presented, no private-key operation: low."""
    PASSKEY = "passkey"
    """A WebAuthn passkey with user verification, enrolled at the IdP after a card login and
    standing on that card's authentication certificate (suspended when it is revoked):
    medium, below the card's PIN."""
    TLS_CLIENT = "tls-client"
    """The card signed a TLS handshake (CertificateVerify, after its PIN) that the service
    provider's own TLS server checked (seed 002 No.14); the platform judged the certificate."""

    @property
    def urn(self) -> str:
        """The OpenID Connect `acr` value."""
        return URN_PREFIX + self.value

    @classmethod
    def of_urn(cls, urn: str) -> Level:
        """The level an `acr` URN names; ValueError for any other string."""
        if not urn.startswith(URN_PREFIX):
            raise ValueError(f"not a JPKI acr value: {urn!r}")
        return cls(urn.removeprefix(URN_PREFIX))

    @property
    def rank(self) -> int:
        """Higher is stronger: a login at a level satisfies a demand for any lower rank."""
        return _RANKS[self]

    @property
    def amr(self) -> list[str] | None:
        """RFC 8176 methods: a hardware key, and the PIN when one was entered; None when no
        key was used."""
        return list(_AMR[self]) if self in _AMR else None

    def amr_of(self, medium: Medium | None) -> list[str] | None:
        """`amr` with the medium whose key answered (`card` or `phone`, values outside RFC
        8176's registry, which §6 permits) after the methods; unchanged when unknown."""
        methods = self.amr
        if methods is None or medium is None:
            return methods
        return [*methods, medium.value]

    @property
    def label(self) -> dict[str, str]:
        """The label in English (`en`) and Japanese (`ja`), as the wallet protocol carries it."""
        english, japanese = _LABELS[self]
        return {"en": english, "ja": japanese}


OIDC_LEVELS = (Level.PIN, Level.PINLESS, Level.CERTIFICATE)
"""The levels an RP can demand with `acr_values` (a TLS login never goes through the IdP)."""

_RANKS = {
    Level.CERTIFICATE: 1,
    Level.PINLESS: 2,
    Level.PASSKEY: 2,
    Level.PIN: 3,
    Level.TLS_CLIENT: 3,
}
_AMR = {
    Level.PIN: ("hwk", "pin"),
    Level.PINLESS: ("hwk",),
    Level.PASSKEY: ("hwk", "user"),
    Level.TLS_CLIENT: ("hwk", "pin"),
}
_LABELS = {
    Level.PIN: ("PIN authentication (high)", "暗証番号による認証（高）"),
    Level.PINLESS: (
        "PIN-less authentication at a registered terminal (medium)",
        "登録端末での暗証番号なし認証（中）",
    ),
    Level.CERTIFICATE: ("Certificate only, no PIN (low)", "証明書の提示のみ（低）"),
    Level.PASSKEY: (
        "Passkey enrolled after a card login (medium)",
        "カードでのログイン後に登録したパスキー（中）",
    ),
    Level.TLS_CLIENT: (
        "Card in a TLS connection, with PIN (high)",
        "TLS 接続でのカード認証・暗証番号あり（高）",
    ),
}


def weakest_demanded(acr_values: str | None) -> Level:
    """The lowest level an RP accepts: the weakest of the known `acr_values` it listed, PIN
    authentication when it listed none (the card's normal login)."""
    known = [
        Level.of_urn(urn)
        for urn in (acr_values or "").split()
        if urn in {level.urn for level in OIDC_LEVELS}
    ]
    return min(known, key=lambda level: level.rank) if known else Level.PIN


__all__ = ["OIDC_LEVELS", "URN_PREFIX", "Level", "weakest_demanded"]
