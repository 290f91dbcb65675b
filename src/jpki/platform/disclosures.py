"""The platform's disclosure records (開示記録): what it told which tenant about a person.

Written in the transaction of the work they record (a login, a registration, a signature check,
a status check, a change notification), so a login still commits once. Each record is keyed by
the serial of the certificate it was about; a holder asking (`disclosures_of`) is the person of
their authentication certificate, whose other certificates (both purposes, every renewal) the
platform knows from the authority's linkage, and only those serials' records are answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from jpki.clock import Clock
from jpki.platform.linkage import LinkageManager
from jpki.platform.status_checks import StatusItem
from jpki.platform.store.database import Database
from jpki.platform.store.models import DisclosureRow, KnownCertificateRow
from jpki.platform.tenants import Tenant
from jpki.protocol.disclosures import (
    FOUR_INFO_ITEMS,
    Disclosure,
    Kind,
    Outcome,
    Party,
    VerifiedHolder,
    stored_items,
)
from jpki.protocol.four_info import ReleasedFourInfo
from jpki.protocol.verification import (
    CertificateVerdict,
    LoginAccepted,
    LoginRefused,
    Message,
    RegistrationResult,
    SignatureResult,
    StatusLine,
)
from jpki.verifier.signatures import SignatureVerdict
from jpki.verifier.verdict import Verdict

_ROWS = cast(Table, DisclosureRow.__table__)
INSERT = insert(_ROWS)
"""Built once: a login's disclosure is one more statement in its transaction."""
SERIALS_OF_PERSON = select(KnownCertificateRow.serial).where(
    KnownCertificateRow.person_id
    == select(KnownCertificateRow.person_id)
    .where(KnownCertificateRow.serial == bindparam("serial"))
    .scalar_subquery()
)


def items_of_verdict(verdict: CertificateVerdict | None) -> list[str]:
    """What a certificate verdict, as the tenant received it, tells about the holder."""
    if verdict is None:
        return []
    items = ["verdict"]
    items += ["serial"] if verdict.serial else []
    items += ["subject-id"] if verdict.subject_id else []
    items += list(FOUR_INFO_ITEMS) if verdict.four_info else []
    items += ["latest-four-info"] if verdict.latest_four_info else []
    return items


def released_items(released: ReleasedFourInfo | None) -> list[str]:
    """The consented items of the 4 information in the disclosure vocabulary, in its order."""
    given = {item.value.replace("_", "-") for item in released.items} if released else set()
    return [item for item in FOUR_INFO_ITEMS if item in given]


def _situation_told(latest_four_info: object) -> list[str]:
    """What a status check or a change notice told the tenant about the person."""
    return ["situation"] + (["latest-four-info"] if latest_four_info else [])


def _identifiers(user_id: str | None, customers: Sequence[str]) -> list[str]:
    return (["user-id"] if user_id else []) + (["customer-reference"] if customers else [])


MAX_SERIAL = 2**63 - 1
"""The largest serial the records' BIGINT column holds; J-LIS's serials are well inside it."""


class PlatformDisclosures:
    """Records and answers the platform's disclosures."""

    party = Party.PLATFORM

    def __init__(self, database: Database, clock: Clock, linkage: LinkageManager) -> None:
        self.database, self.clock, self.linkage = database, clock, linkage

    def _write(
        self,
        session: Session,
        tenant: Tenant,
        serial: int,
        kind: Kind,
        items: Iterable[str],
        *,
        purpose: str = "",
        consent: str | None = None,
        outcome: Outcome = Outcome.GIVEN,
    ) -> None:
        """One record about the holder of `serial`. A serial outside what J-LIS issues (a
        stranger's certificate may carry any 20 bytes) names no person: nothing is written."""
        if not 0 < serial <= MAX_SERIAL:
            return
        session.execute(
            INSERT,
            {
                "serial": serial,
                "tenant_id": tenant.id,
                "recipient": tenant.name,
                "kind": kind.value,
                "items": stored_items(items),
                "purpose": purpose,
                "consent": consent,
                "outcome": outcome.value,
                "at": self.clock.now(),
            },
        )

    def result(
        self, session: Session, tenant: Tenant, result: Message, checked: Verdict | None
    ) -> None:
        """A login's or a registration's result, as the tenant received it."""
        if checked is None or checked.serial is None:
            return  # a refusal before any certificate was checked names nobody
        serial = checked.serial
        match result:
            case LoginAccepted():
                items = items_of_verdict(result.verdict)
                items += _identifiers(result.user_id, result.customers)
                self._write(session, tenant, serial, Kind.LOGIN, items, purpose="login")
            case LoginRefused():
                self._write(
                    session, tenant, serial, Kind.LOGIN, items_of_verdict(result.verdict),
                    purpose=result.error, outcome=Outcome.REFUSED,
                )  # fmt: skip
            case RegistrationResult(registered=True):
                kind = Kind.FOUR_INFO if result.four_info else Kind.REGISTRATION
                items = items_of_verdict(result.signature.certificate)
                items += _identifiers(
                    result.user_id, [result.reference] if result.reference else []
                )
                items += released_items(result.four_info)
                self._write(
                    session, tenant, serial, kind, dict.fromkeys(items),
                    purpose="registration", consent=result.consent,
                )  # fmt: skip
            case RegistrationResult():
                self._write(
                    session, tenant, serial, Kind.REGISTRATION,
                    items_of_verdict(result.signature.certificate),
                    purpose="registration", outcome=Outcome.REFUSED,
                )  # fmt: skip

    def signature(
        self,
        session: Session,
        tenant: Tenant,
        verdict: SignatureVerdict,
        result: SignatureResult,
    ) -> None:
        """A signature's verdict (with its signer's IDs) given to the tenant. Only a JPKI
        signer is a person the holder can ask about: a PDF's other signatures (a company seal,
        whose serial may not even fit the column) are nobody's disclosure."""
        serial = verdict.certificate.serial
        if serial is None or verdict.certificate.purpose is None:
            return
        items = items_of_verdict(result.certificate) + _identifiers(
            result.user_id, result.customers
        )
        self._write(
            session, tenant, serial, Kind.SIGNATURE, items, purpose=result.kind,
            outcome=Outcome.GIVEN if result.valid else Outcome.REFUSED,
        )  # fmt: skip

    def status_checks(self, session: Session, tenant: Tenant, items: Sequence[StatusItem]) -> None:
        """現況確認: one record per checked certificate of the batch."""
        for item in items:
            if item.serial is not None:
                self._write(
                    session, tenant, item.serial, Kind.STATUS_CHECK,
                    _situation_told(item.latest_four_info),
                    purpose=f"{item.situation.label_en} / {item.situation.label_ja}",
                )  # fmt: skip

    def change_notice(self, session: Session, tenant: Tenant, item: StatusLine) -> None:
        """変更通知: the tenant is told (by webhook) that a customer's situation changed."""
        assert item.reference is not None  # notifications are about linked customers
        found = self.linkage.current_signing(session, tenant, [item.reference])
        if item.reference in found:
            self._write(
                session, tenant, found[item.reference][0], Kind.CHANGE_NOTICE,
                _situation_told(item.latest_four_info),
                purpose=f"{item.label_en} / {item.label_ja}",
            )  # fmt: skip

    def user_id_of(self, tenant: Tenant, serial: int) -> str | None:
        """The tenant's ID for the holder of `serial` (ID変換), for a tenant answering its own
        records to the holder (the IdP keys its records by this ID)."""
        with self.database.transaction() as session:
            return self.linkage.customers_for(session, tenant, serial)[0]

    def disclosures_of(self, holder: VerifiedHolder) -> list[Disclosure]:
        """The records about the holder's certificates, newest first."""
        with self.database.transaction() as session:
            serials = set(session.scalars(SERIALS_OF_PERSON, {"serial": holder.serial})) | {
                holder.serial
            }
            rows = session.scalars(
                select(DisclosureRow)
                .where(DisclosureRow.serial.in_(serials))
                .order_by(DisclosureRow.id.desc())
            ).all()
        return [_disclosure(row) for row in rows]


def _disclosure(row: DisclosureRow) -> Disclosure:
    return Disclosure.stored(
        party=Party.PLATFORM,
        recipient=row.recipient,
        recipient_id=row.tenant_id,
        kind=row.kind,
        items=row.items,
        at=row.at,
        purpose=row.purpose,
        consent=row.consent,
        outcome=Outcome(row.outcome),
    )


__all__ = ["PlatformDisclosures", "items_of_verdict"]
