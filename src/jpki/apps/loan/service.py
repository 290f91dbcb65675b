"""The bank's side of the e-contract: check the borrower's signature, countersign, preserve.

1. The borrower's wallet signs the contract PDF with the card (PAdES) and has the signature
   time-stamped by the platform's TSA (B-T).
2. The bank has the platform verify it (委託: the bank is the verifier and learns the 4
   information, which names the borrower) and checks that the signed file is the contract it
   offered, unchanged.
3. The bank countersigns with its organisation seal (組織の電子署名), time-stamped too.
4. The platform adds the JPKI validation data and a document time-stamp (B-LT, B-LTA), so the
   contract stays verifiable after the card's certificate expires or is revoked.
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from sqlalchemy import select

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.refusals import signer_of
from jpki.apps.kit.seal import OrganisationSeal
from jpki.apps.loan.models import LoanContractRow
from jpki.apps.loan.terms import LoanTerms
from jpki.client.timestamps import HttpTimeStamper
from jpki.clock import today_in_japan
from jpki.protocol.verification import Receipted, SignatureResult

BANK = "デモ銀行 / Demo Bank"
COUNTERSIGNATURE = "BankCountersignature"


class LoanDesk:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.seal = OrganisationSeal.open(context.folder, "Demo Bank", context.clock.now())

    def draft(self, terms: LoanTerms) -> bytes:
        return terms.contract_pdf(BANK, today_in_japan(self.context.clock))

    def conclude(self, terms: LoanTerms, draft: bytes, signed_b64: str) -> LoanContractRow:
        """The concluded contract, or a refusal saying what was wrong with the signed file."""
        try:
            signed = base64.b64decode(signed_b64, validate=True)
        except ValueError as exc:
            raise CardRefusal("the wallet sent no signed PDF") from exc
        if not signed.startswith(draft) or len(signed) == len(draft):
            raise CardRefusal("the signed PDF is not the contract offered / 契約書が異なります")
        checked = self.context.platform.verify_pdf(signed)
        signatures = checked.result.signatures
        if len(signatures) != 1:
            raise CardRefusal("the contract must carry exactly the borrower's signature")
        signer = signer_of(
            Receipted[SignatureResult](receipt=checked.receipt, result=signatures[0]),
            "the contract must be signed with the signing certificate / 署名用電子証明書で署名してください",
        )
        borrower = signer.four_info
        countersigned = self.seal.sign_pdf(
            signed,
            field_name=COUNTERSIGNATURE,
            reason="住宅ローン契約の承諾 / accepted by the lender",
            now=self.context.clock.now(),
            timestamper=HttpTimeStamper(self.context.platform.timestamp_url),
        )
        preserved, document = self.context.platform.preserve_pdf(countersigned)
        row = LoanContractRow(
            number=terms.number,
            amount_yen=terms.amount_yen,
            years=terms.years,
            rate_bp=terms.rate_bp,
            monthly_yen=terms.monthly_yen,
            property_address=terms.property_address,
            name=borrower.name,
            address=borrower.address,
            birth_date=borrower.birth_date,
            sex=borrower.sex.value,
            certificate_serial=str(signer.serial),
            signature_receipt=checked.receipt,
            preservation_receipt=preserved.receipt,
            concluded_at=self.context.clock.now(),
            pdf=document,
        )
        with self.context.database.transaction() as session:
            session.add(row)
        return row

    def get(self, number: str) -> LoanContractRow:
        with self.context.database.transaction() as session:
            row = session.get(LoanContractRow, number)
        if row is None:
            raise CardRefusal(f"no contract {number} / 契約が見つかりません")
        return row

    def recent(self, limit: int = 20) -> list[LoanContractRow]:
        with self.context.database.transaction() as session:
            query = (
                select(LoanContractRow).order_by(LoanContractRow.concluded_at.desc()).limit(limit)
            )
            return list(session.scalars(query))

    def seal_ca(self) -> bytes:
        """The bank seal's CA (PEM): what a relying party trusts for the countersignature."""
        return self.seal.ca.public_bytes(serialization.Encoding.PEM)


__all__ = ["BANK", "COUNTERSIGNATURE", "LoanDesk"]
