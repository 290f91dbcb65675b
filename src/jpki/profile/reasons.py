"""Revocation reasons as J-LIS uses them (JPKI.md §4), and the life events behind them.

J-LIS maps life events onto RFC 5280 reason codes, so one code covers several events
(affiliationChanged: a move, a name change, or death). Seed 002 proposes making the cause
explicit (STEP 1); `RevocationCause` is that finer view, carried in our private extension
only when the authority runs with the seeds' improvements enabled.
"""

from __future__ import annotations

import dataclasses
import enum

from cryptography import x509


class RevocationReason(enum.IntEnum):
    """RFC 5280 CRLReason codes with their JPKI meanings."""

    UNSPECIFIED = 0
    KEY_COMPROMISE = 1
    CA_COMPROMISE = 2
    AFFILIATION_CHANGED = 3
    SUPERSEDED = 4
    CESSATION_OF_OPERATION = 5
    CERTIFICATE_HOLD = 6
    REMOVE_FROM_CRL = 8
    PRIVILEGE_WITHDRAWN = 9
    AA_COMPROMISE = 10

    @property
    def meaning(self) -> ReasonMeaning:
        return REASON_MEANINGS[self]

    def to_flag(self) -> x509.ReasonFlags:
        return _FLAGS[self]

    @classmethod
    def from_flag(cls, flag: x509.ReasonFlags | None) -> RevocationReason:
        if flag is None:
            return cls.UNSPECIFIED
        return {v: k for k, v in _FLAGS.items()}[flag]


@dataclasses.dataclass(frozen=True)
class ReasonMeaning:
    """What a reason code means in JPKI, in English and Japanese."""

    en: str
    ja: str


REASON_MEANINGS: dict[RevocationReason, ReasonMeaning] = {
    RevocationReason.UNSPECIFIED: ReasonMeaning(
        "card destroyed before delivery", "交付前に廃棄された"
    ),
    RevocationReason.KEY_COMPROMISE: ReasonMeaning("private key compromised", "秘密鍵の危殆化"),
    RevocationReason.CA_COMPROMISE: ReasonMeaning("CA key compromised", "認証局の危殆化"),
    RevocationReason.AFFILIATION_CHANGED: ReasonMeaning(
        "recorded details changed (move, name change) or removed from the resident register"
        " (death)",
        "証明書内容に変更が生じた（転居・氏名変更）または住民基本台帳から削除された（死亡）",
    ),
    RevocationReason.SUPERSEDED: ReasonMeaning("renewed", "証明書を更新した"),
    RevocationReason.CESSATION_OF_OPERATION: ReasonMeaning(
        "no longer needed (holder's request, card returned, emigration)",
        "証明書の必要がなくなった（失効申請・カード返納・国外転出）",
    ),
    RevocationReason.CERTIFICATE_HOLD: ReasonMeaning(
        "card lost or stolen", "証明書を一時的に保留した（紛失・盗難）"
    ),
    RevocationReason.REMOVE_FROM_CRL: ReasonMeaning("removed from the CRL", "失効リストから削除"),
    RevocationReason.PRIVILEGE_WITHDRAWN: ReasonMeaning("privilege withdrawn", "権限の取り消し"),
    RevocationReason.AA_COMPROMISE: ReasonMeaning("attribute authority compromised", "AAの危殆化"),
}

_FLAGS: dict[RevocationReason, x509.ReasonFlags] = {
    RevocationReason.UNSPECIFIED: x509.ReasonFlags.unspecified,
    RevocationReason.KEY_COMPROMISE: x509.ReasonFlags.key_compromise,
    RevocationReason.CA_COMPROMISE: x509.ReasonFlags.ca_compromise,
    RevocationReason.AFFILIATION_CHANGED: x509.ReasonFlags.affiliation_changed,
    RevocationReason.SUPERSEDED: x509.ReasonFlags.superseded,
    RevocationReason.CESSATION_OF_OPERATION: x509.ReasonFlags.cessation_of_operation,
    RevocationReason.CERTIFICATE_HOLD: x509.ReasonFlags.certificate_hold,
    RevocationReason.REMOVE_FROM_CRL: x509.ReasonFlags.remove_from_crl,
    RevocationReason.PRIVILEGE_WITHDRAWN: x509.ReasonFlags.privilege_withdrawn,
    RevocationReason.AA_COMPROMISE: x509.ReasonFlags.aa_compromise,
}


class RevocationCause(enum.StrEnum):
    """The life event or request behind a revocation (seed 002 STEP 1's finer view)."""

    DESTROYED_BEFORE_DELIVERY = "destroyed-before-delivery"
    KEY_COMPROMISE = "key-compromise"
    FOUR_INFO_CHANGED = "four-info-changed"
    DEATH = "death"
    EMIGRATION = "emigration"
    RENEWAL = "renewal"
    VOLUNTARY = "voluntary"
    CARD_RETURNED = "card-returned"
    CARD_LOST = "card-lost"
    PHONE_LOST = "phone-lost"
    """The holder reported the phone holding スマホ用電子証明書 lost or stolen."""
    PHONE_RETIRED = "phone-retired"
    """The holder stopped a phone's certificates (replacing the phone, or no longer needed)."""

    @property
    def reason(self) -> RevocationReason:
        """The RFC 5280 code J-LIS publishes for this cause today."""
        return _CAUSE_REASONS[self]

    @property
    def revokes_auth(self) -> bool:
        """Whether the authentication certificate goes too (a 4-info change spares it)."""
        return self is not RevocationCause.FOUR_INFO_CHANGED


_CAUSE_REASONS = {
    RevocationCause.DESTROYED_BEFORE_DELIVERY: RevocationReason.UNSPECIFIED,
    RevocationCause.KEY_COMPROMISE: RevocationReason.KEY_COMPROMISE,
    RevocationCause.FOUR_INFO_CHANGED: RevocationReason.AFFILIATION_CHANGED,
    RevocationCause.DEATH: RevocationReason.AFFILIATION_CHANGED,
    RevocationCause.EMIGRATION: RevocationReason.CESSATION_OF_OPERATION,
    RevocationCause.RENEWAL: RevocationReason.SUPERSEDED,
    RevocationCause.VOLUNTARY: RevocationReason.CESSATION_OF_OPERATION,
    RevocationCause.CARD_RETURNED: RevocationReason.CESSATION_OF_OPERATION,
    RevocationCause.CARD_LOST: RevocationReason.CERTIFICATE_HOLD,
    RevocationCause.PHONE_LOST: RevocationReason.CERTIFICATE_HOLD,
    RevocationCause.PHONE_RETIRED: RevocationReason.CESSATION_OF_OPERATION,
}

FOUR_INFO_FIELDS: tuple[str, ...] = ("name", "address", "birth_date", "sex")
"""The fields of the basic 4 information, in the order of the STEP 1 bit string."""

__all__ = [
    "FOUR_INFO_FIELDS",
    "REASON_MEANINGS",
    "ReasonMeaning",
    "RevocationCause",
    "RevocationReason",
]
