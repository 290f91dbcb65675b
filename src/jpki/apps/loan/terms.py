"""The loan's figures and its contract page: equal monthly payments (元利均等返済)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.text_pdf import TextDocument

RATE_BP = 50
"""The demo bank's variable rate: 0.50 % a year."""
MIN_AMOUNT, MAX_AMOUNT = 1_000_000, 200_000_000
MAX_YEARS = 35


@dataclasses.dataclass(frozen=True)
class LoanTerms:
    number: str
    amount_yen: int
    years: int
    property_address: str
    rate_bp: int = RATE_BP

    @classmethod
    def checked(cls, number: str, amount_yen: int, years: int, property_address: str) -> LoanTerms:
        """Terms within what the bank lends, or a refusal saying which figure is out."""
        if not MIN_AMOUNT <= amount_yen <= MAX_AMOUNT:
            raise CardRefusal(
                f"the amount must be ¥{MIN_AMOUNT:,} to ¥{MAX_AMOUNT:,} / 借入額が範囲外です"
            )
        if not 1 <= years <= MAX_YEARS:
            raise CardRefusal(f"the term must be 1 to {MAX_YEARS} years / 返済期間が範囲外です")
        address = property_address.strip()
        if not address or len(address) > 200:
            raise CardRefusal("the property's address is required / 物件所在地を入力してください")
        return cls(number, amount_yen, years, address)

    @property
    def monthly_yen(self) -> int:
        """The equal monthly payment, rounded up to the yen."""
        months = self.years * 12
        rate = self.rate_bp / 10_000 / 12
        if rate == 0:
            return -(-self.amount_yen // months)
        payment = self.amount_yen * rate / (1 - (1 + rate) ** -months)
        return int(payment) + (payment % 1 > 0)

    def contract(self, bank: str, day: dt.date) -> TextDocument:
        """The contract the borrower signs: the bank and the figures; the borrower is whoever
        signs it, named by the signing certificate's 4 information."""
        return TextDocument(
            "金銭消費貸借契約書(住宅ローン) / Housing loan agreement",
            (
                f"契約番号 / Contract number: {self.number}",
                f"貸付人 / Lender: {bank}",
                "借入人 / Borrower: 本書に電子署名した者(署名用電子証明書の基本4情報による)"
                " / the signer of this document, named by the signing certificate",
                "",
                f"借入金額 / Amount: {self.amount_yen:,} 円 (yen)",
                f"返済期間 / Term: {self.years} 年 (years), 元利均等返済 / equal payments",
                f"金利 / Annual rate: {self.rate_bp / 100:.2f} % (変動 / variable)",
                f"毎月返済額 / Monthly payment: {self.monthly_yen:,} 円 (yen)",
                f"担保物件 / Mortgaged property: {self.property_address}",
                "",
                "借入人は上記の条件で借り入れ、約定どおり返済することを約します。",
                "The borrower borrows on these terms and will repay as agreed.",
                "本契約は電子署名により締結し、貸付人の電子署名をもって成立する。",
                "Concluded by the borrower's electronic signature and the lender's seal.",
                f"作成日 / Drawn up: {day.isoformat()}",
            ),
        )

    def contract_pdf(self, bank: str, day: dt.date) -> bytes:
        """The contract's page, as the borrower's wallet shows and signs it."""
        return self.contract(bank, day).pdf()


__all__ = ["MAX_YEARS", "RATE_BP", "LoanTerms"]
