"""The employer's work: HR writes a staff ID (職員証) to the employee's card after a JPKI
check; the automated gate admits the card PIN-less by its applet key, knowing only the
employee number.

Issuance (HR's desk, the card on its reader): the employee types the card's authentication
PIN; the card signs the platform's challenge and the platform judges the certificate (the JPKI
check, 公的個人認証). Only then does HR sign an install package for that card (bound to the
certificate it just checked, jpki.profile.free_area) with its J-LIS install key, and the
card's free area installs the staff ID: the employee number and employer in its files, a key
made on the card. The gate keeps the number and the applet's public key; no certificate, serial
or other JPKI data reaches it.

The gate (the card touched on its reader): SELECT the staff ID, READ the employee number,
INTERNAL AUTHENTICATE over a fresh random challenge, and the signature checked with the key
HR registered; a revoked staff ID (退職) is refused. No PIN, no JPKI AP command.
"""

from __future__ import annotations

import dataclasses
import os
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_der_public_key,
)
from sqlalchemy import select

from jpki.apps.employer.models import BadgeRow, IssuanceRow, PassageRow
from jpki.apps.kit.applets import AppletIssuer, desk_pin_check, next_sequence
from jpki.apps.kit.card_readers import open_reader, reader_names
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.client.applets import AppletSession, install
from jpki.client.errors import ApplicationMissing, CardRefused
from jpki.client.readers import Reader
from jpki.client.token import JpkiToken
from jpki.profile.errors import JpkiError
from jpki.profile.free_area import Manifest, Policy, card_binding, internal_auth_message

STAFF_ID_AID = bytes.fromhex("D392F000260300000E01")
"""The staff ID applet's AID (ours; an issuer's AID is its own choice, certified by J-LIS)."""
EMPLOYER_NAME = "Demo Corporation / デモ商事"
EMPLOYEE_FILE, EMPLOYER_FILE = 0x0001, 0x0002
EMPLOYEE_NUMBER = re.compile(r"E[0-9]{6}")
GATE_NAME = re.compile(r"[a-z0-9-]{1,32}")
REASONS = ("admitted", "no-staff-id", "unknown-employee", "revoked", "forged")
"""Why the gate opened or not (`forged`: the card's key is not the one HR registered)."""


@dataclasses.dataclass(frozen=True)
class GateVerdict:
    employee: str
    reason: str

    @property
    def admitted(self) -> bool:
        return self.reason == "admitted"


def read_staff_id(reader: Reader) -> tuple[str, bytes, bytes] | None:
    """The staff ID on the card: (employee number, challenge, the applet's signature over it);
    None if the card carries none."""
    try:
        session = AppletSession(reader, STAFF_ID_AID, "staff ID (職員証)")
    except ApplicationMissing:
        return None
    content = session.read(EMPLOYEE_FILE) or b""
    challenge = os.urandom(16)
    return content.decode("ascii", "replace")[:16], challenge, session.authenticate(challenge)


def judge(
    reading: tuple[str, bytes, bytes] | None, badge: tuple[bytes, bool] | None
) -> GateVerdict:
    """The gate's verdict on what the card answered and what HR registered for its number."""
    if reading is None:
        return GateVerdict("", "no-staff-id")
    employee, challenge, signature = reading
    if badge is None:
        return GateVerdict(employee, "unknown-employee")
    public_der, active = badge
    key = load_der_public_key(public_der)
    assert isinstance(key, ec.EllipticCurvePublicKey)
    try:
        key.verify(
            signature, internal_auth_message(STAFF_ID_AID, challenge), ec.ECDSA(hashes.SHA256())
        )
    except InvalidSignature:
        return GateVerdict(employee, "forged")
    return GateVerdict(employee, "admitted" if active else "revoked")


class Employer:
    """HR's issuance desk and the automated gate of one employer."""

    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.issuer = (
            AppletIssuer.load(context.free_area)
            if context.free_area is not None and (context.free_area / "install.pem").exists()
            else None
        )

    def reader_names(self) -> list[str]:
        return reader_names(self.context)

    # -- HR ---------------------------------------------------------------------------------

    def issue(self, reader_name: str, employee: str, name: str, pin: str) -> IssuanceRow:
        """The JPKI check with the card's PIN, then the staff ID written to the same card."""
        if not EMPLOYEE_NUMBER.fullmatch(employee):
            raise CardRefusal("an employee number is E and 6 digits / 社員番号はEと6桁の数字です")
        name = name.strip()
        if not 0 < len(name) <= 100:
            raise CardRefusal("type the employee's name / 氏名を入力してください")
        if self.issuer is None:
            raise CardRefusal(
                "this employer has no install certificate from J-LIS"
                " / J-LISの搭載用証明書がありません"
            )
        reader = open_reader(self.context, reader_name)
        try:
            try:
                token = JpkiToken(reader)
                certificate, receipt = desk_pin_check(self.context, token, pin)
                sequence = next_sequence(
                    self.context, IssuanceRow.sequence, IssuanceRow.employee == employee
                )
                manifest = Manifest(
                    aid=STAFF_ID_AID,
                    sequence=sequence,
                    binding=card_binding(certificate),
                    policy=Policy.PINLESS_AUTHENTICATE,
                    files=(
                        (EMPLOYEE_FILE, employee.encode("ascii")),
                        (EMPLOYER_FILE, EMPLOYER_NAME.encode()),
                    ),
                )
                public_key = install(reader, self.issuer.install_package(manifest))
            except CardRefused as error:
                raise CardRefusal(f"the card refused the staff ID: {error}") from None
            except JpkiError as error:
                raise CardRefusal(str(error)) from None
        finally:
            reader.close()
        der = public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        row = IssuanceRow(
            employee=employee, name=name, issued_at=self.context.clock.now(),
            sequence=sequence, receipt=receipt,
        )  # fmt: skip
        with self.context.database.transaction() as session:
            session.add(row)
            badge = session.get(BadgeRow, employee)
            if badge is None:
                session.add(BadgeRow(employee=employee, public_key=der, active=True))
            else:
                badge.public_key, badge.active = der, True
        return row

    def revoke(self, employee: str) -> None:
        """The staff ID no longer opens the gate (退職, lost card)."""
        with self.context.database.transaction() as session:
            badge = session.get(BadgeRow, employee[:16])
            if badge is None:
                raise CardRefusal(f"no staff ID {employee!r} / 該当する職員証がありません")
            badge.active = False

    def issuances(self, limit: int = 20) -> list[tuple[IssuanceRow, bool]]:
        with self.context.database.transaction() as session:
            rows = session.scalars(select(IssuanceRow).order_by(IssuanceRow.id.desc()).limit(limit))
            return [
                (row, bool(badge and badge.active))
                for row in rows
                for badge in (session.get(BadgeRow, row.employee),)
            ]

    # -- the gate ---------------------------------------------------------------------------

    def badge(self, employee: str) -> tuple[bytes, bool] | None:
        with self.context.database.transaction() as session:
            row = session.get(BadgeRow, employee)
            return (row.public_key, row.active) if row is not None else None

    def pass_gate(self, reader_name: str, gate: str) -> PassageRow:
        """The card touched at `gate`: admitted or not, and the passage logged."""
        if not GATE_NAME.fullmatch(gate):
            raise CardRefusal("a gate is named by a-z, 0-9 and - / ゲート名が不正です")
        reader = open_reader(self.context, reader_name)
        try:
            try:
                reading = read_staff_id(reader)
            except JpkiError as error:  # a card that answers the staff ID's commands wrongly
                raise CardRefusal(str(error)) from None
        finally:
            reader.close()
        verdict = judge(reading, self.badge(reading[0]) if reading else None)
        row = PassageRow(
            at=self.context.clock.now(), gate=gate, employee=verdict.employee,
            admitted=verdict.admitted, reason=verdict.reason,
        )  # fmt: skip
        with self.context.database.transaction() as session:
            session.add(row)
        return row

    def passages(self, limit: int = 20) -> list[PassageRow]:
        with self.context.database.transaction() as session:
            query = select(PassageRow).order_by(PassageRow.id.desc()).limit(limit)
            return list(session.scalars(query))


__all__ = [
    "EMPLOYEE_FILE",
    "STAFF_ID_AID",
    "Employer",
    "GateVerdict",
    "judge",
    "read_staff_id",
]
