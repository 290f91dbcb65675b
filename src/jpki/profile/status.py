"""What a status check (現況確認) means: seed 002's table, from the two certificates' states.

A life insurer that once verified a customer's signing certificate can later learn, from the
revocation status of that certificate and of the same card's authentication certificate,
whether the customer is alive with unchanged details, changed name or address, died or
emigrated, lost the card, or renewed it (seed 002 No.9, from the MIC guideline for private
businesses). Today's J-LIS reason codes leave two ambiguities (affiliationChanged: died or
emigrated; cessationOfOperation: card lost or emigrated); the seeds' STEP 1 revocation detail
resolves them, and `interpret` uses it when the revocation source carried it.
"""

from __future__ import annotations

import dataclasses
import enum

from jpki.profile.reasons import RevocationCause, RevocationReason


class Situation(enum.StrEnum):
    """A holder's situation as a status check can tell it."""

    ALIVE_UNCHANGED = "alive-unchanged"
    DETAILS_CHANGED = "details-changed"
    DIED_OR_EMIGRATED = "died-or-emigrated"
    DIED = "died"
    LOST_OR_EMIGRATED = "lost-or-emigrated"
    EMIGRATED = "emigrated"
    RENEWED = "renewed"
    CARD_LOST = "card-lost"
    PHONE_LOST = "phone-lost"
    """A phone's certificates (スマホ用電子証明書) on hold: the holder reported the phone lost."""
    PHONE_RETIRED = "phone-retired"
    """A phone's certificates stopped by the holder (a new phone, or no longer needed)."""
    REVOKED_OTHER = "revoked-other"
    EXPIRED = "expired"
    UNKNOWN = "unknown"
    UNKNOWN_REFERENCE = "unknown-reference"
    """Not a customer this tenant linked to a card (another tenant's, or never linked): nothing
    was checked, so nothing is billed."""

    @property
    def label_en(self) -> str:
        return _LABELS[self][0]

    @property
    def label_ja(self) -> str:
        return _LABELS[self][1]

    @property
    def changed(self) -> bool:
        """Whether the SP should act (anything but alive and unchanged, or unknown)."""
        return self not in (
            Situation.ALIVE_UNCHANGED,
            Situation.UNKNOWN,
            Situation.UNKNOWN_REFERENCE,
        )


_LABELS = {
    Situation.ALIVE_UNCHANGED: ("alive, details unchanged", "生存しており、住所・氏名等も正しい"),
    Situation.DETAILS_CHANGED: ("one of the 4 information changed", "基本4情報のいずれかが変更"),
    Situation.DIED_OR_EMIGRATED: ("died or emigrated", "死亡または海外転出"),
    Situation.DIED: ("died", "死亡"),
    Situation.LOST_OR_EMIGRATED: ("card lost or emigrated", "カード紛失または海外転出"),
    Situation.EMIGRATED: ("emigrated", "海外転出"),
    Situation.RENEWED: ("certificate renewed", "証明書更新"),
    Situation.CARD_LOST: ("card lost", "カード紛失"),
    Situation.PHONE_LOST: ("phone lost", "スマホ紛失"),
    Situation.PHONE_RETIRED: ("phone certificates stopped", "スマホ用電子証明書の利用停止"),
    Situation.REVOKED_OTHER: ("revoked for another reason", "その他の理由で失効"),
    Situation.EXPIRED: ("certificate expired", "有効期限切れ"),
    Situation.UNKNOWN: ("unknown (no fresh revocation data)", "不明（失効情報を確認できない）"),
    Situation.UNKNOWN_REFERENCE: (
        "unknown customer reference (not linked to a card here)",
        "不明な顧客参照番号（カードとの紐付けがありません）",
    ),
}


class State(enum.StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    UNKNOWN = "unknown"
    UNKNOWN_REFERENCE = "unknown-reference"
    """Not a customer this tenant linked to a card (another tenant's, or never linked): nothing
    was checked, so nothing is billed."""


@dataclasses.dataclass(frozen=True)
class CertificateState:
    """One certificate's state at the check."""

    state: State
    reason: RevocationReason | None = None
    cause: RevocationCause | None = None
    """The seeds' STEP 1 detail, when the revocation source carried it."""


VALID = CertificateState(State.VALID)
UNKNOWN = CertificateState(State.UNKNOWN)


def interpret(sign: CertificateState, auth: CertificateState) -> Situation:
    """Seed 002's table: the signing and authentication certificates of one card.

    A phone's pair (スマホ用電子証明書) reads the same way; its own causes (lost, stopped) are told
    apart where the revocation source carries the STEP 1 detail.
    """
    if sign.state is State.UNKNOWN:
        return Situation.UNKNOWN
    if sign.state is State.EXPIRED:
        return Situation.EXPIRED
    if sign.state is State.VALID:
        return Situation.ALIVE_UNCHANGED if auth.state is not State.REVOKED else _both(auth)
    if sign.reason is RevocationReason.SUPERSEDED:
        return Situation.RENEWED
    if auth.state is State.VALID:
        return Situation.DETAILS_CHANGED
    if auth.state is State.UNKNOWN:
        return Situation.UNKNOWN
    return _both(sign)


def _both(revoked: CertificateState) -> Situation:
    """Both certificates revoked: the reason (and the STEP 1 cause, if known) tells why."""
    reason, cause = revoked.reason, revoked.cause
    if cause is RevocationCause.PHONE_LOST:
        return Situation.PHONE_LOST
    if cause is RevocationCause.PHONE_RETIRED:
        return Situation.PHONE_RETIRED
    if reason is RevocationReason.AFFILIATION_CHANGED:
        return Situation.DIED if cause is RevocationCause.DEATH else Situation.DIED_OR_EMIGRATED
    if reason is RevocationReason.CESSATION_OF_OPERATION:
        return (
            Situation.EMIGRATED
            if cause is RevocationCause.EMIGRATION
            else Situation.LOST_OR_EMIGRATED
        )
    if reason is RevocationReason.SUPERSEDED:
        return Situation.RENEWED
    if reason is RevocationReason.CERTIFICATE_HOLD:
        return Situation.CARD_LOST
    return Situation.REVOKED_OTHER


__all__ = ["UNKNOWN", "VALID", "CertificateState", "Situation", "State", "interpret"]
