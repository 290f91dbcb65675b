"""The answer of every check: a `Verdict`, not a boolean.

A service provider must know more than "no": a certificate revoked because the holder moved
(affiliationChanged) calls for asking the customer for their new address, one revoked because
the card was lost (certificateHold) for a phone call, and "revocation unknown" for trying again
later rather than turning the customer away for good. So the verdict carries the status, the
reason code with its JPKI meaning (seed 002's table), the revocation time, the purpose, the
decoded 4 information of a signing certificate, and which revocation source answered and how
fresh it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

from jpki.profile.extensions import CertificateLinkage, RevocationDetail
from jpki.profile.four_info import FourInfo
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.real_roots import JlisGeneration
from jpki.profile.reasons import RevocationReason
from jpki.protocol.four_info import FourInfoJson
from jpki.protocol.verification import CertificateVerdict, RevocationInfo, RevocationSourceInfo


class Status(enum.StrEnum):
    """The outcome of a certificate check (検証結果)."""

    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    NOT_YET_VALID = "not yet valid"
    UNTRUSTED = "untrusted"
    MALFORMED = "malformed"
    REVOCATION_UNKNOWN = "revocation unknown"
    WEAK_ALGORITHM = "weak algorithm"
    """Signed with a digest or key J-LIS does not use (SHA-1, ...): `jpki.verifier.algorithms`."""

    @property
    def label_ja(self) -> str:
        return _STATUS_JA[self]


_STATUS_JA = {
    Status.VALID: "有効",
    Status.REVOKED: "失効",
    Status.EXPIRED: "有効期限切れ",
    Status.NOT_YET_VALID: "有効期間開始前",
    Status.UNTRUSTED: "信頼できない",
    Status.MALFORMED: "形式不正",
    Status.REVOCATION_UNKNOWN: "失効情報が確認できない",
    Status.WEAK_ALGORITHM: "弱い暗号アルゴリズム",
}


class SourceKind(enum.StrEnum):
    """Where a revocation answer came from."""

    CRL = "crl"
    DELTA_CRL = "delta-crl"
    OCSP = "ocsp"
    NONE = "none"
    """No check was made (the certificate failed before revocation mattered)."""


@dataclasses.dataclass(frozen=True)
class RevocationSource:
    """Which revocation data answered, and how fresh it was at the time of the check."""

    kind: SourceKind
    this_update: dt.datetime | None = None
    next_update: dt.datetime | None = None
    checked_at: dt.datetime | None = None
    detail: str = ""
    """E.g. the CRL number or the OCSP responder URL."""

    @property
    def age_seconds(self) -> float | None:
        if self.this_update is None or self.checked_at is None:
            return None
        return (self.checked_at - self.this_update).total_seconds()

    def to_message(self) -> RevocationSourceInfo:
        return RevocationSourceInfo(
            kind=self.kind.value,
            this_update=self.this_update,
            next_update=self.next_update,
            age_seconds=self.age_seconds,
            detail=self.detail,
        )


NO_SOURCE = RevocationSource(SourceKind.NONE)


@dataclasses.dataclass(frozen=True)
class Revocation:
    """A revocation as the revocation data state it."""

    reason: RevocationReason
    revoked_at: dt.datetime
    detail: RevocationDetail | None = None
    """The seeds' finer cause (STEP 1), where the authority publishes it (OCSP)."""


@dataclasses.dataclass(frozen=True)
class Verdict:
    """Everything a verifier learned about one certificate at one time."""

    status: Status
    message: str
    checked_at: dt.datetime
    purpose: CertificatePurpose | None = None
    serial: int | None = None
    subject_id: str | None = None
    issuer_generation: bytes | None = None
    """Key identifier of the root generation that issued the certificate."""
    four_info: FourInfo | None = None
    revocation: Revocation | None = None
    source: RevocationSource = NO_SOURCE
    linkage: CertificateLinkage | None = None
    latest_four_info: FourInfo | None = None
    path: str = "jpki"
    """`jpki` (the fast path) or `generic` (pyhanko-certvalidator)."""
    warnings: tuple[str, ...] = ()
    """Findings that did not change the status, each in English and Japanese (a substitute-
    character flag string that does not fit its text; a weak algorithm accepted on request)."""
    missing_root: JlisGeneration | None = None
    """The J-LIS root generation that issued the certificate, when it is not a trust anchor."""
    weak_algorithm: str | None = None
    """The weak algorithm the certificate is signed with or holds (refused, or accepted on
    request with a warning), e.g. `SHA-1`."""
    medium: Medium | None = None
    """Card or phone (スマホ用電子証明書), as the certificate states it; None if unread."""

    @property
    def valid(self) -> bool:
        return self.status is Status.VALID

    @property
    def reason(self) -> RevocationReason | None:
        return self.revocation.reason if self.revocation else None

    def lines(self) -> list[str]:
        """A human-readable account, English with the Japanese terms."""
        out = [f"status / 結果: {self.status.value} ({self.status.label_ja})", self.message]
        if self.purpose is not None:
            out.append(f"purpose / 種別: {self.purpose.label_en} ({self.purpose.label_ja})")
        if self.medium is not None:
            out.append(f"medium / 媒体: {self.medium.label_en} ({self.medium.label_ja})")
        if self.serial is not None:
            out.append(f"serial / シリアル番号: {self.serial}")
        if self.revocation is not None:
            meaning = self.revocation.reason.meaning
            out.append(
                f"reason / 失効理由: {self.revocation.reason.value} {self.revocation.reason.name}"
                f" - {meaning.en} / {meaning.ja}"
            )
            out.append(f"revoked at / 失効日時: {self.revocation.revoked_at.isoformat()}")
            if self.revocation.detail is not None:
                out.append(f"cause / 事由: {self.revocation.detail.cause.value}")
        if self.four_info is not None:
            info = self.four_info
            out += [
                f"name / 氏名: {info.name}",
                f"address / 住所: {info.address}",
                f"birth date / 生年月日: {info.birth_date.isoformat() if info.birth_date else '不詳'}",
                f"sex / 性別: {info.sex.value}",
            ]
        if self.missing_root is not None:
            out.append(f"missing root / 未登録のルート: {self.missing_root.describe()}")
        if self.weak_algorithm is not None:
            out.append(f"weak algorithm / 弱いアルゴリズム: {self.weak_algorithm}")
        out += [f"warning / 警告: {warning}" for warning in self.warnings]
        if self.source.kind is not SourceKind.NONE:
            age = self.source.age_seconds
            out.append(
                f"revocation source / 失効情報: {self.source.kind.value} {self.source.detail}"
                + (f" ({age:.0f} s old)" if age is not None else "")
            )
        return out

    def to_message(self) -> CertificateVerdict:
        """The verdict as the platform's protocol carries it, every field given."""
        revocation = None
        if self.revocation is not None:
            meaning = self.revocation.reason.meaning
            revocation = RevocationInfo(
                reason_code=int(self.revocation.reason),
                reason=self.revocation.reason.name,
                meaning_en=meaning.en,
                meaning_ja=meaning.ja,
                revoked_at=self.revocation.revoked_at,
                cause=self.revocation.detail.cause.value if self.revocation.detail else None,
            )
        # Set only when there is something to say, so an ordinary verdict's JSON is unchanged.
        findings: dict[str, Any] = {}
        if self.warnings:
            findings["warnings"] = self.warnings
        if self.missing_root is not None:
            findings["missing_root"] = self.missing_root.describe()
        if self.weak_algorithm is not None:
            findings["weak_algorithm"] = self.weak_algorithm
        if self.medium is not None:
            findings["medium"] = self.medium
        return CertificateVerdict(
            **findings,
            status=self.status.value,
            valid=self.valid,
            message=self.message,
            checked_at=self.checked_at,
            purpose=self.purpose,
            serial=str(self.serial) if self.serial is not None else None,
            subject_id=self.subject_id,
            issuer_generation=self.issuer_generation.hex() if self.issuer_generation else None,
            four_info=FourInfoJson.of_optional(self.four_info),
            latest_four_info=FourInfoJson.of_optional(self.latest_four_info),
            revocation=revocation,
            source=self.source.to_message(),
            path=self.path,
        )

    def to_json(self) -> dict[str, Any]:
        return self.to_message().to_wire()


__all__ = [
    "NO_SOURCE",
    "Revocation",
    "RevocationSource",
    "SourceKind",
    "Status",
    "Verdict",
]
