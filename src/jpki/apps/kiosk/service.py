"""The kiosk's work: a sealed copy of the resident record after the card is checked, and the
identification-number flow of seed 002 No.16.

The kiosk (a 委託 tenant of the platform) has the holder sign the application with the
signing certificate at the copier's card reader; the platform checks the signature and the
certificate's status against J-LIS's revocation data (⑥⑦ JPKIステータス照会) and returns
its 4 information, from which the municipality's record copy is made and sealed.

No.16: an online service without a card reader on its customer's side asks the kiosk for an
identification number (識別番号, 12 digits, 7 days, one use) and tells the customer; at the
store the customer enters it and signs with the card; the kiosk marks the number completed
with the verified 4 information, which the service fetches (⑧) to finish its identity check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from sqlalchemy import select

from jpki.apps.kiosk.models import IdentificationRow, IssuanceRow
from jpki.apps.kiosk.record import resident_record_pdf
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.refusals import signer_of
from jpki.apps.kit.seal import OrganisationSeal
from jpki.clock import today_in_japan
from jpki.files import private_folder
from jpki.profile.address import split_address
from jpki.profile.errors import ProfileError
from jpki.profile.four_info import FourInfo
from jpki.profile.overseas import is_overseas_address
from jpki.protocol.four_info import FourInfoJson

NUMBER_LIFETIME = dt.timedelta(days=7)
MAX_ATTEMPTS = 5


def record_application(kiosk: str, day: dt.date) -> bytes:
    return (
        "住民票の写し 交付申請 / Application for a copy of the resident record\n"
        f"Kiosk / 端末: {kiosk}  Date / 日付: {day.isoformat()}\n"
        "コンビニ交付により本人の住民票の写しの交付を申請します。\n"
    ).encode()


def identification_document(number: str, service: str) -> bytes:
    return (
        "本人確認 / Identity check at a kiosk (seed 002 No.16)\n"
        f"Identification number / 識別番号: {number}\n"
        f"For / 依頼元: {service}\n"
        "I let the kiosk send my verified 4 information to this service.\n"
        "確認した基本4情報を上記の依頼元へ通知することに同意します。\n"
    ).encode()


class Kiosk:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database
        self.seals = context.folder / "seals"
        private_folder(self.seals)

    def _verified(self, cms: str, document: bytes) -> tuple[FourInfo, str]:
        """The signer's 4 information once the platform accepts the signature."""
        answer = self.context.platform.verify_cms(cms, document)
        refusal = "a signing certificate with the 4 information is required"
        return signer_of(answer, refusal).four_info, answer.receipt

    def seal_of(self, municipality: str) -> OrganisationSeal:
        folder = self.seals / hashlib.sha256(municipality.encode()).hexdigest()[:16]
        private_folder(folder)
        return OrganisationSeal.open(folder, municipality, self.context.clock.now())

    def seal_roots(self) -> bytes:
        """Every municipality seal's CA (PEM): what a relying party trusts."""
        return b"".join(path.read_bytes() for path in sorted(self.seals.glob("*/seal-ca.pem")))

    def issue_record(self, cms: str, kiosk: str, application: bytes) -> str:
        """Check the card's signature on the application, then issue the sealed copy."""
        info, receipt = self._verified(cms, application)
        if is_overseas_address(info.address):
            raise CardRefusal(
                "an emigrant has no resident record to copy (国外転出者: 住民票の写しは交付できません)"
            )
        try:
            address = split_address(info.address)
        except ProfileError:
            raise CardRefusal("the certificate's address names no municipality") from None
        municipality = f"{address.prefecture}{address.municipality}"
        now = self.context.clock.now()
        number = f"{now:%y%m%d}-{secrets.randbelow(10**8):08d}"
        pdf = self.seal_of(municipality).sign_pdf(
            resident_record_pdf(info, municipality, number, now),
            field_name="MunicipalSeal",
            reason="住民票の写し / Certified copy of the resident record",
            now=now,
        )
        with self.database.transaction() as session:
            session.add(
                IssuanceRow(number=number, at=now, kiosk=kiosk[:32], municipality=municipality,
                            receipt=receipt, pdf=pdf)
            )  # fmt: skip
        return number

    def record(self, number: str) -> bytes:
        with self.database.transaction() as session:
            row = session.get(IssuanceRow, number)
        if row is None:
            raise CardRefusal("no such record copy")
        return row.pdf

    def new_identification(self, service: str) -> IdentificationRow:
        service = service.strip()[:100]
        if not service:
            raise CardRefusal("name the service asking / 依頼元を指定してください")
        now = self.context.clock.now()
        row = IdentificationRow(
            number=f"{secrets.randbelow(10**12):012d}", service=service, created_at=now,
            expires_at=now + NUMBER_LIFETIME, attempts=0,
        )  # fmt: skip
        with self.database.transaction() as session:
            session.add(row)
        return row

    def pending(self, number: str) -> IdentificationRow:
        """A number the kiosk may still complete (known, unexpired, unused, few tries)."""
        with self.database.transaction() as session:
            row = session.get(IdentificationRow, number.strip())
            if row is not None:
                row.attempts += 1
        if row is None or row.completed_at is not None or row.attempts > MAX_ATTEMPTS:
            raise CardRefusal("unknown or used identification number / 識別番号が無効です")
        if row.expires_at <= self.context.clock.now():
            raise CardRefusal("the identification number has expired / 有効期限切れです")
        return row

    def complete(self, number: str, cms: str) -> IdentificationRow:
        row = self.pending(number)
        info, receipt = self._verified(cms, identification_document(row.number, row.service))
        with self.database.transaction() as session:
            stored = session.get(IdentificationRow, row.number)
            assert stored is not None
            if stored.completed_at is not None:
                raise CardRefusal("the identification number was used meanwhile")
            stored.completed_at = self.context.clock.now()
            stored.receipt = receipt
            stored.four_info = FourInfoJson.of(info).model_dump_json()
        return stored

    def identification(self, number: str) -> dict[str, Any]:
        """⑧ what the online service learns about its number."""
        with self.database.transaction() as session:
            row = session.scalar(
                select(IdentificationRow).where(IdentificationRow.number == number)
            )
        if row is None:
            raise CardRefusal("no such identification number")
        return {
            "number": row.number,
            "service": row.service,
            "state": "completed" if row.completed_at else "pending",
            "expires_at": row.expires_at.isoformat(),
            "completed_at": row.completed_at.isoformat() if row.completed_at else None,
            "four_info": (
                FourInfoJson.model_validate_json(row.four_info).model_dump(mode="json")
                if row.four_info
                else None
            ),
            "receipt": row.receipt,
        }

    def today(self) -> dt.date:
        return today_in_japan(self.context.clock)


__all__ = ["Kiosk", "identification_document", "record_application"]
