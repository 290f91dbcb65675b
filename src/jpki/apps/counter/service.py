"""The counter's work: read the card-face AP on the counter's reader with the 照合番号B the clerk
typed, check the issuer's seal over the card face, have the platform judge the card's
certificate (PIN-less at this registered terminal: the card proves it is the card on the reader,
the platform checks revocation), and keep the outcome as the 本人確認記録.

A card is confirmed only if all three hold: the seal is J-LIS's over exactly this card face, the
platform accepts the certificate (not revoked: a lost card is refused), and the card has not
expired (JST). A forged or altered card face is refused with the reason, as is a card face the
client cannot decode.
"""

from __future__ import annotations

import dataclasses
import io
import secrets
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, load_pem_private_key
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from jpki.apps.counter.models import CheckRow
from jpki.apps.kit.card_readers import open_reader, reader_names
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.client.card_face import CardFaceReading, CardFaceSession, FaceOpener, SealStatus
from jpki.client.errors import MalformedCardData
from jpki.client.token import JpkiToken
from jpki.clock import today_in_japan
from jpki.profile.apdu import MATCHING_B_RULE
from jpki.profile.challenge import authentication_digest
from jpki.profile.errors import JpkiError
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.codec import encode_b64
from jpki.protocol.verification import LoginAccepted
from jpki.protocol.wallet import Challenge, LoginAnswer

SEAL_REASONS = {
    SealStatus.FORGED: (
        "the card face was altered after the issuer sealed it / 券面事項が発行後に改変されています"
    ),
    SealStatus.UNKNOWN_ISSUER: (
        "the card face is sealed by a key that is not the card issuer's"
        " / 券面事項の署名者が発行者ではありません"
    ),
    SealStatus.UNCHECKED: "the issuer's certificate is missing / 発行者の証明書がありません",
}


@dataclasses.dataclass(frozen=True)
class CounterTerminal:
    """This counter PC as a registered terminal: its institution-code certificate and key."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    @classmethod
    def load(cls, folder: Path) -> CounterTerminal:
        key = load_pem_private_key((folder / "terminal.key").read_bytes(), None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("the terminal key must be RSA")
        return cls(x509.load_pem_x509_certificate((folder / "terminal.pem").read_bytes()), key)


def browser_png(image: bytes) -> bytes:
    """An image from the chip (JPEG 2000 photo, PNG text) as PNG, which every browser shows;
    empty for bytes that are no image (a damaged or forged card)."""
    try:
        with Image.open(io.BytesIO(image)) as opened:
            out = io.BytesIO()
            opened.convert("RGB").save(out, format="PNG")
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError):
        return b""


class Counter:
    """The face-to-face check (対面確認) at one counter."""

    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        issuer = context.roots / "card-info-issuer.pem" if context.roots else None
        self.issuer = (
            x509.load_pem_x509_certificate(issuer.read_bytes())
            if issuer is not None and issuer.exists()
            else None
        )
        self.terminal = (
            CounterTerminal.load(context.terminal)
            if context.terminal is not None and (context.terminal / "terminal.pem").exists()
            else None
        )

    def reader_names(self) -> list[str]:
        return reader_names(self.context)

    def check(self, reader_name: str, number_b: str) -> CheckRow:
        """Read the card on `reader_name` with 照合番号B and record the verdict.

        A wrong number or a card that cannot be read is a `CardRefusal` (nothing recorded: the
        clerk retypes); a card that reads but fails a check is a refused check, recorded."""
        if not MATCHING_B_RULE.valid(number_b):
            raise CardRefusal(
                "matching number B has 14 digits: nothing was sent to the card"
                " / 照合番号Bは14桁の数字です"
            )
        reader = open_reader(self.context, reader_name)
        try:
            try:
                session = CardFaceSession(reader)
                session.open(FaceOpener.MATCHING_B, number_b)
                try:
                    reading: CardFaceReading | None = session.read(self.issuer)
                    malformed = ""
                except MalformedCardData as error:
                    reading, malformed = None, str(error)
                certificate, receipt = self._certificate(JpkiToken(reader))
            except JpkiError as error:  # the client's refusals, an unreadable card image
                raise CardRefusal(str(error)) from None
        finally:
            reader.close()
        return self._record(reading, malformed, certificate, receipt)

    def _certificate(self, token: JpkiToken) -> tuple[tuple[bool, str], str]:
        """The platform's verdict on the card's authentication certificate, the card answering
        PIN-less at this terminal: ((accepted, why), receipt)."""
        if self.terminal is None:
            raise CardRefusal("this counter is not a registered terminal / 登録端末ではありません")
        issued = self.context.platform.challenge(self.context.origin)
        challenge = Challenge.model_validate(
            {key: issued[key] for key in ("nonce", "provider", "origin")}
        )
        digest = authentication_digest(challenge.provider, challenge.origin, challenge.nonce_bytes)
        token.authenticate_terminal(self.terminal.certificate, self.terminal.key)
        result = token.sign_digest_pinless(digest)
        der = token.certificate(CertificatePurpose.AUTH).public_bytes(Encoding.DER)
        answer = LoginAnswer(
            certificate=encode_b64(der),
            signature=encode_b64(result.signature),
            institution_code=result.institution_code,
        )
        judged = self.context.platform.authenticate(issued, answer)
        verdict = judged.result
        if isinstance(verdict, LoginAccepted):
            return (True, verdict.verdict.message or "valid"), judged.receipt
        return (False, verdict.message), judged.receipt

    def _record(
        self,
        reading: CardFaceReading | None,
        malformed: str,
        certificate: tuple[bool, str],
        receipt: str,
    ) -> CheckRow:
        today = today_in_japan(self.context.clock)
        face = reading.face if reading else None
        reasons = []
        if reading is None:
            reasons.append(malformed)
        elif reading.seal is not SealStatus.VERIFIED:
            reasons.append(SEAL_REASONS[reading.seal])
        if not certificate[0]:
            reasons.append(f"the certificate was refused: {certificate[1]} / 電子証明書が無効です")
        if face is not None and face.expiry < today:
            reasons.append(
                f"the card expired on {face.expiry.isoformat()} / カードの有効期限が切れています"
            )
        row = CheckRow(
            id=f"C{secrets.randbelow(10**9):09d}",
            checked_at=self.context.clock.now(),
            accepted=not reasons,
            reason="; ".join(reasons)[:400],
            seal=reading.seal.value if reading else "malformed",
            certificate=certificate[1][:200],
            receipt=receipt,
            birth_date=face.birth_date if face else None,
            sex=face.sex.value if face else "",
            expiry=face.expiry if face else None,
            municipality=(
                reading.basic_info.municipality if reading and reading.basic_info else ""
            ),
            photo_png=browser_png(face.photo) if face else b"",
            name_png=browser_png(face.name_image) if face else b"",
            address_png=browser_png(face.address_image) if face else b"",
        )
        with self.context.database.transaction() as session:
            session.add(row)
        return row

    def get(self, check_id: str) -> CheckRow | None:
        with self.context.database.transaction() as session:
            return session.get(CheckRow, check_id)

    def recent(self, limit: int = 20) -> list[CheckRow]:
        with self.context.database.transaction() as session:
            query = select(CheckRow).order_by(CheckRow.checked_at.desc()).limit(limit)
            return list(session.scalars(query))


__all__ = ["Counter", "CounterTerminal", "browser_png"]
