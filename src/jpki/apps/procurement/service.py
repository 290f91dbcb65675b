"""The procurement site's work (電子入札): register bidders, keep their delegations, judge bids.

1. A company registers to bid: its representative signs the registration with the card's
   signing certificate; the site (委託: the verifier, it sees the 4 information) records the
   representative by name and birth date. Confirming in the commercial register (商業登記) that
   the signer is the representative is not modelled: the site takes the registration's word.
2. The representative signs a delegation (電子委任状) to an employee: the site checks that the
   signature is valid now (the representative's certificate valid at signing) and that the
   signer is the company's representative, and keeps the signed file.
3. The employee signs a bid. The site checks the bid's signature, then looks for a delegation
   from the company naming the signer (name and birth date), unrevoked, in its period today
   (JST), covering the tender's category; and has the platform check the delegation's own
   signature again, so a delegation signed with a certificate revoked since is void
   (`VOIDING_STATUSES`). Every bid, accepted or refused, is kept with the reason.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import secrets

from sqlalchemy import select

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.refusals import Signer, signer_of
from jpki.apps.procurement.delegation import (
    VOIDING_STATUSES,
    Category,
    DelegationTerms,
    Reason,
    Standing,
    applicable,
    same_person,
)
from jpki.apps.procurement.models import BidRow, CompanyRow, DelegationRow
from jpki.clock import today_in_japan
from jpki.protocol.wallet import SignatureAnswer

SIGNING_CERTIFICATE = "sign with the signing certificate / 署名用電子証明書で署名してください"
MAX_BID = 10**11
"""The largest bid the site takes (1,000 億円): a form's figure, not an overflow."""


@dataclasses.dataclass(frozen=True)
class Tender:
    """An open call for tenders (入札公告)."""

    id: str
    name_en: str
    name_ja: str
    category: Category


TENDERS = (
    Tender("T2026-001", "Office computers (120 units)", "事務用パソコン 120台", Category.GOODS),
    Tender("T2026-002", "Cleaning of the city hall", "市庁舎清掃業務", Category.SERVICES),
    Tender("T2026-003", "Repair of city road No. 7", "市道7号線補修工事", Category.CONSTRUCTION),
)


def tender(tender_id: str) -> Tender:
    found = next((t for t in TENDERS if t.id == tender_id), None)
    if found is None:
        raise CardRefusal(f"no tender {tender_id[:20]!r} / 入札案件が見つかりません")
    return found


def _cms(answer: SignatureAnswer) -> bytes:
    try:
        return base64.b64decode(answer.cms or "", validate=True)
    except ValueError as exc:
        raise CardRefusal("the wallet sent no signature / 署名がありません") from exc


def _terms(row: DelegationRow, company: CompanyRow) -> DelegationTerms:
    return DelegationTerms(
        row.id, row.corporate_number, company.name, company.representative_name,
        row.delegate_name, row.delegate_birth_date, row.delegate_title,
        frozenset(Category(c) for c in row.scope.split(",")), row.valid_from, row.valid_until,
    )  # fmt: skip


class ProcurementSite:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database

    # -- checks -------------------------------------------------------------------------------

    def _signer(self, answer: SignatureAnswer, document: bytes) -> tuple[Signer, str]:
        checked = self.context.platform.verify_cms(answer, document)
        return signer_of(checked, SIGNING_CERTIFICATE), checked.receipt

    def _representative(self, company: CompanyRow, signer: Signer) -> None:
        if not same_person(
            company.representative_name, company.representative_birth_date, signer.four_info
        ):
            raise CardRefusal(
                "not-the-representative: only the company's representative signs its "
                "delegations / 委任状に署名できるのは代表者だけです"
            )

    def company(self, corporate_number: str) -> CompanyRow:
        with self.database.transaction() as session:
            row = session.get(CompanyRow, corporate_number)
        if row is None:
            raise CardRefusal(
                "this company is not registered to bid / 入札参加資格の登録がありません"
            )
        return row

    # -- registration, delegation, revocation -----------------------------------------------

    @staticmethod
    def registration_document(corporate_number: str, name: str) -> bytes:
        return (
            "入札参加資格の登録 / Registration to bid\n"
            f"法人名 / Company: {name}\n法人番号 / Corporate number: {corporate_number}\n"
            "私は上記法人の代表者として入札参加資格の登録を申請します。\n"
            "As the company's representative I apply to register it to bid.\n"
        ).encode()

    def register(
        self, corporate_number: str, name: str, answer: SignatureAnswer, document: bytes
    ) -> CompanyRow:
        signer, receipt = self._signer(answer, document)
        info = signer.four_info
        with self.database.transaction() as session:
            if session.get(CompanyRow, corporate_number) is not None:
                raise CardRefusal("this company is already registered / 登録済みの法人です")
            row = CompanyRow(
                corporate_number=corporate_number, name=name, representative_name=info.name,
                representative_birth_date=info.birth_date,
                representative_serial=str(signer.serial), registered_at=self.context.clock.now(),
                receipt=receipt,
            )  # fmt: skip
            session.add(row)
        return row

    def delegate(self, terms: DelegationTerms, answer: SignatureAnswer) -> DelegationRow:
        """Keep a delegation the company's representative signed with a valid certificate."""
        company = self.company(terms.corporate_number)
        signer, receipt = self._signer(answer, terms.document())
        self._representative(company, signer)
        row = DelegationRow(
            id=terms.id, corporate_number=terms.corporate_number,
            delegate_name=terms.delegate_name, delegate_birth_date=terms.delegate_birth_date,
            delegate_title=terms.delegate_title, scope=",".join(sorted(terms.scope)),
            valid_from=terms.valid_from, valid_until=terms.valid_until,
            document=terms.document(), signature=_cms(answer),
            representative_serial=str(signer.serial), signed_at=self.context.clock.now(),
            receipt=receipt,
        )  # fmt: skip
        with self.database.transaction() as session:
            session.add(row)
        return row

    def delegation(self, delegation_id: str) -> DelegationRow:
        with self.database.transaction() as session:
            row = session.get(DelegationRow, delegation_id)
        if row is None:
            raise CardRefusal("no such delegation / 委任状が見つかりません")
        return row

    @staticmethod
    def revocation_document(row: DelegationRow) -> bytes:
        return (
            "委任の撤回 / Revocation of a power of attorney\n"
            f"委任状番号 / Number: {row.id}\n受任者 / Delegate: {row.delegate_name}\n"
            "上記の委任を撤回します。 / I revoke the delegation above.\n"
        ).encode()

    def revoke(self, delegation_id: str, answer: SignatureAnswer) -> DelegationRow:
        """Revoke a delegation, on the representative's signature."""
        row = self.delegation(delegation_id)
        signer, receipt = self._signer(answer, self.revocation_document(row))
        self._representative(self.company(row.corporate_number), signer)
        with self.database.transaction() as session:
            kept = session.get(DelegationRow, delegation_id)
            assert kept is not None
            if kept.revoked_at is None:
                kept.revoked_at, kept.revocation_receipt = self.context.clock.now(), receipt
            return kept

    # -- bids ---------------------------------------------------------------------------------

    @staticmethod
    def bid_document(offer: Tender, company: CompanyRow, amount_yen: int) -> bytes:
        return (
            "入札書 / Bid\n"
            f"案件 / Tender: {offer.id} {offer.name_ja} / {offer.name_en}\n"
            f"入札者 / Bidder: {company.name} (法人番号 / corporate number {company.corporate_number})\n"
            f"入札金額 / Amount: {amount_yen:,} 円 (yen, 税抜 / before tax)\n"
        ).encode()

    def bid(
        self, offer: Tender, corporate_number: str, amount_yen: int, answer: SignatureAnswer
    ) -> BidRow:
        """The bid as received: accepted, or refused with the reason (kept either way)."""
        company = self.company(corporate_number)
        document = self.bid_document(offer, company, amount_yen)
        signer, receipt = self._signer(answer, document)
        reason, delegation = self._judge(company, signer, offer.category)
        row = BidRow(
            tender=offer.id, corporate_number=corporate_number, amount_yen=amount_yen,
            bidder_name=signer.four_info.name, bidder_serial=str(signer.serial),
            accepted=reason.accepted, reason=reason.value, delegation=delegation,
            at=self.context.clock.now(), receipt=receipt, document=document,
            signature=_cms(answer),
        )  # fmt: skip
        with self.database.transaction() as session:
            session.add(row)
        return row

    def _judge(
        self, company: CompanyRow, signer: Signer, category: Category
    ) -> tuple[Reason, str | None]:
        if same_person(
            company.representative_name, company.representative_birth_date, signer.four_info
        ):
            return Reason.REPRESENTATIVE, None
        rows = {row.id: row for row in self.delegations(company.corporate_number)}
        standing = [
            Standing(_terms(row, company), row.revoked_at is not None) for row in rows.values()
        ]
        today = today_in_japan(self.context.clock)
        reason, found = applicable(standing, signer.four_info, category, today)
        for candidate in found:
            row = rows[candidate.terms.id]
            again = self.context.platform.verify_cms(
                base64.b64encode(row.signature).decode(), row.document
            ).result
            if again.certificate.status not in VOIDING_STATUSES and again.intact:
                return Reason.DELEGATED, row.id
            reason = Reason.REPRESENTATIVE_REVOKED
        return reason, None

    # -- lists --------------------------------------------------------------------------------

    def companies(self) -> list[CompanyRow]:
        with self.database.transaction() as session:
            return list(session.scalars(select(CompanyRow).order_by(CompanyRow.registered_at)))

    def delegations(self, corporate_number: str | None = None) -> list[DelegationRow]:
        with self.database.transaction() as session:
            query = select(DelegationRow).order_by(DelegationRow.signed_at.desc())
            if corporate_number is not None:
                query = query.where(DelegationRow.corporate_number == corporate_number)
            return list(session.scalars(query))

    def received(self, bid_id: int) -> BidRow:
        with self.database.transaction() as session:
            row = session.get(BidRow, bid_id)
        if row is None:
            raise CardRefusal("no such bid / 入札書が見つかりません")
        return row

    def bids(self, limit: int = 30) -> list[BidRow]:
        with self.database.transaction() as session:
            return list(session.scalars(select(BidRow).order_by(BidRow.id.desc()).limit(limit)))

    @staticmethod
    def new_id() -> str:
        return f"D{secrets.randbelow(10**9):09d}"


def when(day: str) -> dt.date:
    """A date from a form (`YYYY-MM-DD`), or a refusal."""
    try:
        return dt.date.fromisoformat(day.strip())
    except ValueError as exc:
        raise CardRefusal(
            "dates are written YYYY-MM-DD / 日付は YYYY-MM-DD で入力してください"
        ) from exc


__all__ = ["MAX_BID", "TENDERS", "ProcurementSite", "Tender", "tender", "when"]
