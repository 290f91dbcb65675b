"""The medium that holds a holder's JPKI keys: the My Number card or a smartphone (スマホ).

Since May 2023 (Android) and 2025-06-24 (iPhone) a holder can have a third pair of JPKI
certificates, スマホ用電子証明書, in the secure element of a phone, issued online from the card
(JPKI.md §7). Public readers tell the two apart by the JPKI AP's token label (EF 0006): the
card's reads `JPKIAPICCTOKEN2`, the phone's `JPKIAPGPSETOKEN` (confirmed by open-source readers).

How a *verifier* tells a phone certificate from a card certificate is not public (unconfirmed):
this project marks the phone's certificates with one more certificate policy under our private
arc, `PHONE_POLICY`, beside the purpose's J-LIS policy, so the medium is a fact the certificate
states and every verifier reads it offline. The choice is made here only.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from cryptography.x509.oid import ObjectIdentifier

from jpki.profile import oids


class Medium(enum.StrEnum):
    """Where the keys answered from: `card` (マイナンバーカード) or `phone` (スマホ)."""

    CARD = "card"
    PHONE = "phone"

    @property
    def label_en(self) -> str:
        return "My Number card" if self is Medium.CARD else "smartphone"

    @property
    def label_ja(self) -> str:
        return "マイナンバーカード" if self is Medium.CARD else "スマホ用電子証明書"

    @property
    def token_label(self) -> bytes:
        """The label at the start of the JPKI AP's token info file (EF 0006)."""
        return TOKEN_LABELS[self]


TOKEN_LABELS: dict[Medium, bytes] = {
    Medium.CARD: b"JPKIAPICCTOKEN2",
    Medium.PHONE: b"JPKIAPGPSETOKEN",
}
"""Token labels by medium (JPKI.md §7). The older 住基カード's `JPKIAPICCTOKEN` is a card too."""

PHONE_POLICY = ObjectIdentifier(f"{oids.PRIVATE_ARC}.4")
"""The policy our CA adds to a phone's certificates (modelled, unconfirmed; see above)."""


def medium_of_label(token_info: bytes) -> Medium | None:
    """The medium a token info file names; None for a label no reader knows."""
    label = token_info[:32].rstrip(b" \x00")
    if label in (b"JPKIAPICCTOKEN2", b"JPKIAPICCTOKEN"):
        return Medium.CARD
    if label == TOKEN_LABELS[Medium.PHONE]:
        return Medium.PHONE
    return None


def medium_of_policies(policies: Iterable[ObjectIdentifier]) -> Medium:
    """The medium of an end-entity certificate from its policy OIDs (a card unless marked)."""
    return Medium.PHONE if PHONE_POLICY in set(policies) else Medium.CARD


__all__ = ["PHONE_POLICY", "TOKEN_LABELS", "Medium", "medium_of_label", "medium_of_policies"]
