"""E-prescriptions at the clinic (電子処方箋): the doctor writes one for a patient whose card was
checked at reception, signs it with the HPKI key on the doctor's own client, and hands the
signature in; the clinic accepts it only if it is a doctor's HPKI signature over exactly the
prescription it wrote, and then gives the patient the signed file for the pharmacy.

The clinic never holds the doctor's key: it shows the prescription's canonical bytes, the
doctor's client (`jpki.client.hpki.DoctorKey.sign`, or `jpki hpki sign`) makes the CMS.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select

from jpki.apps.clinic.models import CheckRow, InsuredRow, PrescriptionRow
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.prescriptions import (
    HpkiTrust,
    PrescriptionCheck,
    Verdict,
    check_prescription,
    configured_hpki_trust,
)
from jpki.protocol.hpki import Medicine, Prescription

CLINIC_CODE = "1312345678"


class Prescribing:
    def __init__(self, context: ServiceContext, trust: HpkiTrust | None = None) -> None:
        self.context = context
        self.database = context.database
        self._trust = trust

    @property
    def trust(self) -> HpkiTrust:
        if self._trust is None:
            self._trust = configured_hpki_trust(self.context)
        return self._trust

    def patient_of(self, reception_number: str) -> InsuredRow:
        """The insured person a qualified reception check authenticated with the card."""
        with self.database.transaction() as session:
            check = session.scalar(
                select(CheckRow).where(CheckRow.reception_number == reception_number)
            )
            if check is None or check.outcome != "qualified" or check.insured is None:
                raise CardRefusal(
                    "no qualified card check with that reception number / 該当する受付がありません",
                    "unknown-reception",
                )
            insured = session.get(InsuredRow, check.insured)
            if insured is None:
                raise CardRefusal(
                    "no qualified card check with that reception number / 該当する受付がありません",
                    "unknown-reception",
                )
            return insured

    def write(self, reception_number: str, medicines: tuple[Medicine, ...]) -> PrescriptionRow:
        """A prescription for the patient of `reception_number`, waiting for the signature."""
        insured = self.patient_of(reception_number)
        prescription = Prescription(
            access_code=secrets.token_hex(8).upper(), clinic=CLINIC_CODE,
            issued_at=self.context.clock.now().replace(microsecond=0), patient_name=insured.name,
            patient_birth_date=insured.birth_date, insured_number=insured.number, medicines=medicines,
        )  # fmt: skip
        row = PrescriptionRow(
            access_code=prescription.access_code, reception_number=reception_number,
            insured=insured.number, content=prescription.content(), written_at=self.context.clock.now(),
        )  # fmt: skip
        with self.database.transaction() as session:
            session.add(row)
        return row

    def get(self, access_code: str) -> PrescriptionRow:
        with self.database.transaction() as session:
            row = session.get(PrescriptionRow, access_code)
        if row is None:
            raise CardRefusal(
                "no such prescription / 処方箋が見つかりません", "unknown-prescription"
            )
        return row

    def hand_in(self, access_code: str, signed: bytes) -> PrescriptionCheck:
        """Accept the doctor's signature if it is valid, a doctor's, and over this prescription."""
        row = self.get(access_code)
        check = check_prescription(signed, self.trust, self.context.clock.now())
        if (
            check.valid
            and check.prescription is not None
            and check.prescription.content() != row.content
        ):
            return PrescriptionCheck(
                Verdict.OTHER_PRESCRIPTION, "the signature is over another prescription"
            )
        if check.valid:
            with self.database.transaction() as session:
                stored = session.get(PrescriptionRow, access_code)
                assert stored is not None
                stored.signed, stored.doctor, stored.signed_at = (
                    signed,
                    check.doctor,
                    self.context.clock.now(),
                )
        return check


__all__ = ["CLINIC_CODE", "Prescribing"]
