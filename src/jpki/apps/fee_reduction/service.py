"""Fee reduction (手数料・保険料等の減免, seed 002 No.12) with an attribute certificate.

The welfare office (福祉事務所) decides the grounds and is an office of the attribute authority:
the holder logs in with the card to the authority's challenge, the office relays the answer and
the authority issues the 減免事由証明書 bound to the person (the platform's stable ID for the
authority, never the My Number). The nursery-fee desk (保育料の窓口) is another office, a
platform tenant of its own: the applicant pastes the certificate and logs in with the card;
the desk verifies the login and asks the platform whether the AC is valid (by the authority
it trusts, met once and kept in its folder, under the authority's current CRL) and whether this card's holder is the AC's
holder. It learns the grounds and yes or no; it never learns the authority's ID of anyone.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
from typing import Any

from sqlalchemy import func, select

from jpki.apps.fee_reduction.models import FeeApplicationRow, FeeCertificateRow
from jpki.apps.fee_reduction.texts import TEXT
from jpki.apps.kit.attributes_api import AttributeOffice, AttributesApi
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.files import atomic_write
from jpki.protocol.attributes import (
    AttributeCheckRequest,
    AttributeKind,
    AttributeRequest,
    AttributeStatus,
    AuthorityAbout,
    Issued,
)
from jpki.protocol.codec import encode_b64
from jpki.protocol.verification import LOGIN_REFUSAL_WORDS, LoginAccepted
from jpki.protocol.wallet import LoginAnswer

TRUST_FILE = "trusted-authority.json"
GROUNDS = ("public-assistance", "single-parent", "disability", "tax-exempt")
"""The grounds the welfare office certifies (the `grounds` detail of the AC)."""
VALID_DAYS = 365
PEM_LABEL = "ATTRIBUTE CERTIFICATE"


@dataclasses.dataclass(frozen=True)
class Decision:
    """The desk's answer: accepted or not, why in both languages, the grounds it saw."""

    accepted: bool
    reason_en: str
    reason_ja: str
    grounds: str | None = None
    receipt: str | None = None


def pem_of(der: bytes) -> str:
    body = base64.encodebytes(der).decode().strip()
    return f"-----BEGIN {PEM_LABEL}-----\n{body}\n-----END {PEM_LABEL}-----\n"


def der_of(text: str) -> bytes | None:
    """The DER of a pasted AC (PEM or bare base64); None when it is neither."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if lines and lines[0].startswith("-----BEGIN"):
        lines = [line for line in lines if not line.startswith("-----")]
    try:
        der = base64.b64decode("".join(lines), validate=True)
    except (binascii.Error, ValueError):
        return None
    return der or None


class FeeReductionService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database
        self.authority = AttributesApi(context.attributes or AttributeOffice(url=""))

    # -- the welfare office ------------------------------------------------------------------

    def welfare_challenge(self) -> dict[str, Any]:
        """The authority's login challenge for the welfare office's page."""
        return self.authority.challenge(self.context.origin)

    def issue(self, challenge: dict[str, Any], answer: LoginAnswer, grounds: str) -> str:
        """Have the authority issue the certificate of `grounds` to the card's holder; the
        serial of the office's copy."""
        if grounds not in GROUNDS:
            raise CardRefusal("unknown grounds / 不明な減免事由です")
        attribute = AttributeRequest(
            kind=AttributeKind.FEE_REDUCTION,
            details={"grounds": grounds, "office": "welfare"},
            valid_days=VALID_DAYS,
        )
        result = self.authority.issue(challenge, answer, attribute)
        if not isinstance(result, Issued):
            words = LOGIN_REFUSAL_WORDS.get(result.error, LOGIN_REFUSAL_WORDS["refused"])
            raise CardRefusal(f"{words['en']} / {words['ja']}", result.error)
        with self.database.transaction() as session:
            session.add(
                FeeCertificateRow(
                    serial=result.serial,
                    grounds=grounds,
                    certificate=result.certificate,
                    issued_at=self.context.clock.now(),
                    not_after=result.not_after,
                    receipt=result.receipt,
                    revoked=False,
                )
            )
        return result.serial

    def certificate(self, serial: str) -> FeeCertificateRow | None:
        with self.database.transaction() as session:
            return session.get(FeeCertificateRow, serial)

    def revoke(self, serial: str) -> None:
        """The office withdraws a certificate it issued (the grounds ended)."""
        self.authority.revoke(serial)
        with self.database.transaction() as session:
            row = session.get(FeeCertificateRow, serial)
            if row is not None:
                row.revoked = True

    # -- the nursery-fee desk ----------------------------------------------------------------

    def apply(self, challenge: dict[str, Any], answer: LoginAnswer, pasted: str) -> Decision:
        """Accept a reduction for a valid certificate of grounds held by the card's holder."""
        der = der_of(pasted)
        if der is None:
            return self._decided(Decision(False, *_texts("unreadable")), "malformed")
        login = self.context.platform.authenticate(challenge, answer)
        result = login.result
        if not isinstance(result, LoginAccepted) or answer.certificate is None:
            code = getattr(result, "error", "refused")
            words = LOGIN_REFUSAL_WORDS.get(code, LOGIN_REFUSAL_WORDS["refused"])
            return self._decided(
                Decision(False, words["en"], words["ja"], None, login.receipt), "login"
            )
        about = self.trusted_authority()
        crl = self.authority.crl(about.crl)
        checked = self.context.platform.check_attribute_certificate(
            AttributeCheckRequest(
                certificate=answer.certificate,
                attribute_certificate=encode_b64(der),
                authority=encode_b64(about.certificate.encode()),
                authority_tenant=about.tenant,
                crl=encode_b64(crl),
            )
        )
        check = checked.result
        grounds = (check.details or {}).get("grounds")
        if check.valid and check.kind is not AttributeKind.FEE_REDUCTION:
            decision = Decision(False, *_texts("not_fee_reduction"), grounds, checked.receipt)
        elif check.valid:
            en, ja = AttributeStatus.VALID.words
            decision = Decision(True, en, ja, grounds, checked.receipt)
        else:
            en, ja = check.status.words
            decision = Decision(False, en, ja, grounds, checked.receipt)
        return self._decided(decision, check.status.value)

    def trusted_authority(self) -> AuthorityAbout:
        """The attribute authority the desk trusts: met once and kept in the service's folder
        (`trusted-authority.json`), as a configured trust anchor would be; an authority that
        later presents another certificate is not trusted by that."""
        kept = self.context.folder / TRUST_FILE
        if kept.exists():
            return AuthorityAbout.model_validate_json(kept.read_bytes())
        about = self.authority.about()
        atomic_write(kept, about.model_dump_json().encode())
        return about

    def _decided(self, decision: Decision, status: str) -> Decision:
        with self.database.transaction() as session:
            session.add(
                FeeApplicationRow(
                    at=self.context.clock.now(),
                    accepted=decision.accepted,
                    status=status,
                    grounds=decision.grounds,
                    receipt=decision.receipt,
                )
            )
        return decision

    def statistics(self) -> dict[str, int]:
        with self.database.transaction() as session:
            counts = dict(
                session.execute(
                    select(FeeApplicationRow.accepted, func.count()).group_by(
                        FeeApplicationRow.accepted
                    )
                )
                .tuples()
                .all()
            )
        return {"accepted": counts.get(True, 0), "refused": counts.get(False, 0)}


def _texts(key: str) -> tuple[str, str]:
    """A refusal of the desk's own (not the platform's) in both languages."""
    return TEXT[key]["en"], TEXT[key]["ja"]


__all__ = ["GROUNDS", "Decision", "FeeReductionService", "der_of", "pem_of"]
