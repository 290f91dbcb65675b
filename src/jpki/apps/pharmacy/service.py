"""The pharmacy (薬局): e-prescriptions checked before dispensing, each dispensing recorded
against the patient, and the electronic medicine notebook (電子お薬手帳) that shows a patient,
after a card login, their own history and nobody else's.

The pharmacy is a 代行 tenant of the platform. A patient registers once by signing the
platform's consent text for the name and birth date (the two items a prescription names its
patient by); the platform links the card to a random reference. At the counter the patient
hands over the signed prescription (the file the clinic gave them) and logs in with the card:
the prescription must be a doctor's, under an HPKI certificate that stands (CRL), intact, not yet
dispensed, and for the person whose card logged in. Every dispensing keeps the prescription's
digest and the platform's receipt as evidence.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.prescriptions import (
    HpkiTrust,
    PrescriptionCheck,
    Verdict,
    check_prescription,
    configured_hpki_trust,
)
from jpki.apps.kit.refusals import accepted_login, consented_four_info
from jpki.apps.pharmacy.models import DispensingRow, PatientRow
from jpki.protocol.four_info import FourInfoItem
from jpki.protocol.hpki import Prescription
from jpki.protocol.wallet import Label, LoginAnswer

PURPOSE = Label(
    en="dispensing my e-prescriptions and keeping my medicine notebook (お薬手帳)",
    ja="電子処方箋による調剤と電子お薬手帳の記録",
)
ITEMS = (FourInfoItem.NAME, FourInfoItem.BIRTH_DATE)


def _squeeze(name: str) -> str:
    return name.replace("\u3000", "").replace(" ", "")


@dataclasses.dataclass(frozen=True)
class Dispensed:
    """The outcome of a dispensing at the counter."""

    verdict: Verdict
    number: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict.value, "number": self.number}


class PharmacyService:
    def __init__(self, context: ServiceContext, trust: HpkiTrust | None = None) -> None:
        self.context = context
        self.database = context.database
        self._trust = trust

    @property
    def trust(self) -> HpkiTrust:
        """The HPKI CA the pharmacy trusts (its pinned certificate, its CRL over HTTP)."""
        if self._trust is None:
            self._trust = configured_hpki_trust(self.context)
        return self._trust

    # -- registration -------------------------------------------------------------------------

    def consent(self) -> bytes:
        return self.context.platform.ask_consent(PURPOSE, ITEMS).content

    def register(self, cms: Signed, content: bytes) -> PatientRow:
        reference = secrets.token_hex(16)
        answer = self.context.platform.register_customer(reference, cms, content)
        info = consented_four_info(answer, ITEMS)
        row = PatientRow(
            reference=reference, name=info.name, birth_date=info.birth_date,
            registered_at=self.context.clock.now(),
        )  # fmt: skip
        with self.database.transaction() as session:
            session.add(row)
        return row

    # -- the counter ---------------------------------------------------------------------------

    def check(self, signed: bytes) -> PrescriptionCheck:
        """The prescription's verdict now (before the patient's card is asked for)."""
        check = check_prescription(signed, self.trust, self.context.clock.now())
        if (
            check.valid
            and check.prescription is not None
            and self._dispensed(check.prescription.access_code)
        ):
            return dataclasses.replace(
                check, verdict=Verdict.ALREADY_DISPENSED, message="already dispensed"
            )
        return check

    def _dispensed(self, access_code: str) -> bool:
        with self.database.transaction() as session:
            found = session.scalar(
                select(DispensingRow.id).where(DispensingRow.access_code == access_code)
            )
            return found is not None

    def _patient(
        self, challenge: dict[str, Any], card_answer: LoginAnswer
    ) -> tuple[PatientRow, str]:
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = accepted_login(answer)
        with self.database.transaction() as session:
            rows = [session.get(PatientRow, ref) for ref in result.customers]
        patients = [row for row in rows if row is not None]
        if not patients:
            raise CardRefusal(
                "this card is not registered at the pharmacy / このカードは薬局に登録されていません",
                "not-registered",
            )
        return patients[0], answer.receipt

    def dispense(
        self, signed: bytes, challenge: dict[str, Any], card_answer: LoginAnswer
    ) -> Dispensed:
        """Check the prescription again, authenticate the patient, and record the dispensing
        when the prescription names the person whose card logged in."""
        check = self.check(signed)
        if not check.valid or check.prescription is None:
            return Dispensed(check.verdict)
        patient, receipt = self._patient(challenge, card_answer)
        prescription = check.prescription
        if not _for(prescription, patient):
            return Dispensed(Verdict.WRONG_PATIENT)
        row = DispensingRow(
            access_code=prescription.access_code, patient=patient.reference,
            at=self.context.clock.now(), prescribed_at=prescription.issued_at,
            clinic=prescription.clinic, doctor=check.doctor or "", hpki_serial=f"{check.serial:x}",
            medicines=json.dumps([m.model_dump() for m in prescription.medicines], ensure_ascii=False),
            prescription_sha256=hashlib.sha256(signed).hexdigest(), receipt=receipt,
        )  # fmt: skip
        try:
            with self.database.transaction() as session:
                session.add(row)
                session.flush()
                number = row.id
        except IntegrityError:
            return Dispensed(Verdict.ALREADY_DISPENSED)
        return Dispensed(Verdict.VALID, number)

    # -- the medicine notebook -----------------------------------------------------------------

    def notebook_owner(self, challenge: dict[str, Any], card_answer: LoginAnswer) -> str:
        """The registered patient whose card logged in (their reference)."""
        return self._patient(challenge, card_answer)[0].reference

    def notebook(self, reference: str) -> tuple[PatientRow | None, list[dict[str, Any]]]:
        """The patient `reference` and their dispensings, newest first: theirs only."""
        with self.database.transaction() as session:
            patient = session.get(PatientRow, reference)
            rows = session.scalars(
                select(DispensingRow)
                .where(DispensingRow.patient == reference)
                .order_by(DispensingRow.id.desc())
            )
            history = [
                {
                    "at": row.at, "prescribed_at": row.prescribed_at, "clinic": row.clinic,
                    "doctor": row.doctor, "medicines": json.loads(row.medicines),
                    "access_code": row.access_code,
                }
                for row in rows
            ]  # fmt: skip
        return patient, history

    def count(self) -> int:
        with self.database.transaction() as session:
            return len(list(session.scalars(select(DispensingRow.id))))


def _for(prescription: Prescription, patient: PatientRow) -> bool:
    """Whether `prescription` names `patient` (name without spaces, and birth date)."""
    return (
        _squeeze(prescription.patient_name) == _squeeze(patient.name)
        and prescription.patient_birth_date == patient.birth_date
    )


__all__ = ["ITEMS", "PURPOSE", "Dispensed", "PharmacyService"]
