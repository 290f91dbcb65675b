"""The bodies of the platform's operator and account answers (seals, webhooks, statements,
evidence), so the OpenAPI document describes them. The per-customer results (logins,
signatures, status checks) are protocol messages: `jpki.protocol.verification`.
"""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from jpki.platform.evidence import EvidenceRecord
from jpki.platform.fees import Statement, StatementLine
from jpki.platform.webhooks import Delivery
from jpki.protocol.verification import Instant


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class About(Frozen):
    """Where the API and its description are."""

    service: str = Field(description="The service's name")
    api: str = Field(description="The API's path prefix")
    openapi: str = Field(description="The OpenAPI document's path")


class ClientCertificateSet(Frozen):
    """A tenant's TLS client certificate, registered."""

    tenant: str = Field(description="The tenant id")
    sha256: str = Field(description="The certificate's SHA-256 fingerprint, hex")


class Sealed(Frozen):
    """The evidence chain's head time-stamped (or nothing new to seal)."""

    sealed: bool = Field(description="Whether a checkpoint was made")
    sequence: int | None = Field(description="The last record the checkpoint covers")


class Followed(Frozen):
    followed: int = Field(description="How many renewed certificates joined their holders")


class WebhookConfigured(Frozen):
    url: str = Field(description="Where change notifications go")
    secret: str = Field(description="The signing secret of the notifications; shown once")


class DeliveryPublic(Frozen):
    """One change notification and its delivery."""

    id: int = Field(description="The delivery's number (for a retry)")
    event_id: str = Field(description="The notification's event id")
    status: Literal["pending", "delivered", "dead"] = Field(description="Where the delivery is")
    attempts: int = Field(description="How many times it was tried")
    next_attempt_at: Instant = Field(description="When it is tried next")
    last_error: str | None = Field(description="Why the last attempt failed")
    payload: dict[str, Any] = Field(
        description="The notification as sent: id, type, created_at and the event's data"
    )

    @classmethod
    def of(cls, delivery: Delivery) -> Self:
        return cls.model_validate(vars(delivery))


class RevocationRefresh(Frozen):
    loaded: int = Field(description="How many revocation sources loaded new data")
    errors: list[str] = Field(description="Sources that failed (they keep their old data)")


class WatchRun(Frozen):
    queued: int = Field(description="Notifications queued for changed situations")
    delivered: int = Field(description="Notifications delivered in this run")


class StatementLinePublic(Frozen):
    item: str = Field(description="What was charged (`authentication`, `signature`, ...)")
    purpose: str = Field(description="The certificate purpose the J-LIS fee is for")
    count: int = Field(description="How many")
    jlis_yen: int = Field(description="J-LIS's fee passed through")
    platform_yen: int = Field(description="The platform's own price")
    total_yen: int = Field(description="Both")

    @classmethod
    def of(cls, line: StatementLine) -> Self:
        return cls.model_validate(vars(line) | {"total_yen": line.total_yen})


class StatementPublic(Frozen):
    """One month's fees of one tenant."""

    tenant: str = Field(description="The tenant id")
    month: str = Field(description="YYYY-MM", examples=["2026-11"])
    lines: list[StatementLinePublic] = Field(description="One per item and purpose")
    total_yen: int = Field(description="The month's total")

    @classmethod
    def of(cls, statement: Statement) -> Self:
        return cls(
            tenant=statement.tenant_id,
            month=statement.month,
            lines=[StatementLinePublic.of(line) for line in statement.lines],
            total_yen=statement.total_yen,
        )


class EvidenceRecordPublic(Frozen):
    """One evidence record with its chain digests (match them against a sealed export)."""

    type: Literal["record"] = Field(description="Always `record`")
    sequence: int = Field(description="Position in the evidence chain")
    receipt: str = Field(description="受付処理番号")
    at: Instant = Field(description="When the transaction was recorded (UTC)")
    tenant: str = Field(description="The tenant the transaction was for")
    kind: str = Field(description="`authentication`, `signature`, `status-check`, ...")
    payload: dict[str, Any] = Field(description="The result as the tenant received it")
    previous: str = Field(description="Digest of the record before, hex")
    digest: str = Field(description="This record's digest, hex")

    @classmethod
    def of(cls, record: EvidenceRecord) -> Self:
        return cls.model_validate(record.to_json())


__all__ = [
    "About",
    "ClientCertificateSet",
    "DeliveryPublic",
    "EvidenceRecordPublic",
    "Followed",
    "RevocationRefresh",
    "Sealed",
    "StatementLinePublic",
    "StatementPublic",
    "WatchRun",
    "WebhookConfigured",
]
