"""How the world starts the bank: a 代行 (daiko) tenant of the platform."""

from jpki.apps.bank.app import build_bank_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "bank", "demo-bank", "デモ銀行 / Demo Bank", "daiko", build_bank_app,
        Guide(
            "Bank & securities: eKYC account opening, card login (seed 002 No.5/No.20)",
            "銀行・証券: カードで口座開設 (eKYC)、カードでログイン (seed 002 No.5/No.20)",
            "Open a savings account with the signing password: name, address, birth date and sex arrive verified. Then log in with the same card and its PIN. R000004 is a foreign resident.",
            "署名用パスワードで普通預金口座を開設すると、氏名・住所・生年月日・性別が検証済みで入ります。続いて同じカードと暗証番号でログインしてください。R000004 は外国籍の住民です。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
