"""The licensing authority's desk and the counter that reads licence data (マイナ免許証).

Writing (the licensing centre, 運転免許センター, the card on its reader): the holder's PIN login
is judged by the platform (the JPKI check), then the commission signs the licence record, bound
to the certificate just checked (jpki.profile.licence), and installs the licence applet with
the record, the signature and the holder's own licence PIN in the card's free area.

Reading (a rental-car counter or a police officer, the card on the counter's reader): the
holder types the licence PIN; the counter reads the record and the signature, checks the
commission's signature, that the record is bound to this card's JPKI authentication certificate
(read from the JPKI AP's free EF 000A: no PIN, nothing written), and that it has not expired
(Japan time). Verdicts: `valid`, `expired`, `forged` (the signature fails), `other-card` (a
record copied from another card), `malformed`.
"""

from __future__ import annotations

import datetime as dt
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from sqlalchemy import select

from jpki.apps.kit.applets import AppletIssuer, desk_pin_check, next_sequence
from jpki.apps.kit.card_readers import open_reader, reader_names
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.licence.models import LicenceCheckRow, LicenceWriteRow
from jpki.client.applets import AppletSession, install
from jpki.client.errors import ApplicationMissing, CardRefused
from jpki.client.token import JpkiToken
from jpki.clock import today_in_japan
from jpki.files import write_private_key
from jpki.profile.apdu import JpkiFile
from jpki.profile.errors import JpkiError, ProfileError
from jpki.profile.free_area import Manifest, Policy, card_binding, validate_applet_pin
from jpki.profile.licence import (
    LICENCE_AID,
    RECORD_FILE,
    SIGNATURE_FILE,
    Category,
    LicenceRecord,
)

AUTHORITY = "東京都公安委員会"
VERDICTS = ("valid", "expired", "forged", "other-card", "malformed")


def judge(
    commission: ec.EllipticCurvePublicKey,
    today: dt.date,
    raw: bytes,
    signature: bytes,
    certificate: bytes,
) -> tuple[str, LicenceRecord | None]:
    """The counter's verdict on a licence record read from a card (one of `VERDICTS`), and the
    record when it decodes: the commission's signature, the binding to the card's certificate
    (`certificate`, the DER read from the same card), the expiry against `today` (JST)."""
    try:
        record = LicenceRecord.decode(raw)
    except ProfileError:
        return "malformed", None
    try:
        commission.verify(signature, raw, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return "forged", record
    if record.binding != card_binding(certificate):
        return "other-card", record
    if record.expires_on < today:
        return "expired", record
    return "valid", record


class Licensing:
    """The commission's licensing desk and a counter that trusts the commission's key."""

    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.issuer = (
            AppletIssuer.load(context.free_area)
            if context.free_area is not None and (context.free_area / "install.pem").exists()
            else None
        )
        self.signing_key = self._signing_key()

    def _signing_key(self) -> ec.EllipticCurvePrivateKey:
        """The commission's record-signing key (made once, in the service's folder)."""
        path = self.context.folder / "licence-signing.key"
        if not path.exists():
            write_private_key(path, ec.generate_private_key(ec.SECP256R1()))
        key = load_pem_private_key(path.read_bytes(), None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key

    def reader_names(self) -> list[str]:
        return reader_names(self.context)

    # -- the licensing desk --------------------------------------------------------------

    def write(
        self,
        reader_name: str,
        pin: str,
        number: str,
        categories: list[str],
        conditions: list[str],
        expires_on: dt.date,
        licence_pin: str,
    ) -> LicenceWriteRow:
        """The JPKI check with the card's PIN, then the signed licence record installed."""
        if self.issuer is None:
            raise CardRefusal("no install certificate from J-LIS / J-LISの搭載用証明書がありません")
        try:
            kinds = tuple(Category(c) for c in categories)
            validate_applet_pin(licence_pin)
        except (ValueError, ProfileError) as error:
            raise CardRefusal(f"{error} / 入力内容を確認してください") from None
        today = today_in_japan(self.context.clock)
        reader = open_reader(self.context, reader_name)
        try:
            try:
                token = JpkiToken(reader)
                certificate, receipt = desk_pin_check(self.context, token, pin)
                try:
                    record = LicenceRecord(
                        number, today, expires_on, kinds,
                        tuple(c for c in conditions if c), AUTHORITY, card_binding(certificate),
                    )  # fmt: skip
                except ProfileError as error:
                    raise CardRefusal(f"{error} / 入力内容を確認してください") from None
                encoded = record.encode()
                signature = self.signing_key.sign(encoded, ec.ECDSA(hashes.SHA256()))
                sequence = next_sequence(
                    self.context, LicenceWriteRow.sequence, LicenceWriteRow.number == number
                )
                manifest = Manifest(
                    aid=LICENCE_AID,
                    sequence=sequence,
                    binding=record.binding,
                    policy=Policy.FILES_NEED_PIN,
                    files=((RECORD_FILE, encoded), (SIGNATURE_FILE, signature)),
                    pin=licence_pin,
                )
                install(reader, self.issuer.install_package(manifest))
            except CardRefused as error:
                raise CardRefusal(f"the card refused the licence data: {error}") from None
            except CardRefusal:
                raise
            except JpkiError as error:
                raise CardRefusal(str(error)) from None
        finally:
            reader.close()
        row = LicenceWriteRow(
            number=number, written_at=self.context.clock.now(), expires_on=expires_on,
            categories=" ".join(kinds), conditions=" / ".join(record.conditions),
            sequence=sequence, receipt=receipt,
        )  # fmt: skip
        with self.context.database.transaction() as session:
            session.add(row)
        return row

    def writes(self, limit: int = 20) -> list[LicenceWriteRow]:
        with self.context.database.transaction() as session:
            query = select(LicenceWriteRow).order_by(LicenceWriteRow.id.desc()).limit(limit)
            return list(session.scalars(query))

    # -- the counter ----------------------------------------------------------------------

    def check(self, reader_name: str, licence_pin: str) -> LicenceCheckRow:
        """Read the licence data with the holder's licence PIN and record the verdict."""
        if not re.fullmatch(r"[0-9]{4}", licence_pin):
            raise CardRefusal(
                "the licence PIN has 4 digits: nothing was sent to the card"
                " / 暗証番号は4桁の数字です"
            )
        reader = open_reader(self.context, reader_name)
        try:
            try:
                session = AppletSession(reader, LICENCE_AID, "licence data (免許情報)")
                session.verify(licence_pin)
                raw = session.read(RECORD_FILE) or b""
                signature = session.read(SIGNATURE_FILE) or b""
                certificate = JpkiToken(reader).read_der_file(JpkiFile.AUTH_CERTIFICATE)
            except ApplicationMissing:
                raise CardRefusal(
                    "this card holds no licence data / このカードに免許情報はありません"
                ) from None
            except JpkiError as error:
                raise CardRefusal(str(error)) from None
        finally:
            reader.close()
        return self._record(raw, signature, certificate)

    def _record(self, raw: bytes, signature: bytes, certificate: bytes) -> LicenceCheckRow:
        today = today_in_japan(self.context.clock)
        verdict, record = judge(self.signing_key.public_key(), today, raw, signature, certificate)
        row = LicenceCheckRow(
            checked_at=self.context.clock.now(),
            valid=verdict == "valid",
            verdict=verdict,
            number=record.number if record else "",
            licensed_on=record.licensed_on if record else None,
            expires_on=record.expires_on if record else None,
            categories=" ".join(record.categories) if record else "",
            conditions=" / ".join(record.conditions) if record else "",
            authority=record.authority if record else "",
        )
        with self.context.database.transaction() as session:
            session.add(row)
        return row

    def get(self, check_id: int) -> LicenceCheckRow | None:
        with self.context.database.transaction() as session:
            return session.get(LicenceCheckRow, check_id)


__all__ = ["AUTHORITY", "VERDICTS", "Licensing", "judge"]
