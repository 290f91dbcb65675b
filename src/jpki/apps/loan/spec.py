"""How the world starts the housing-loan service: a 委託 (itaku) tenant of the platform."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.loan.app import build_loan_app

SPECS = (
    ServiceSpec(
        "loan", "demo-loan", "デモ銀行 住宅ローン / Demo Bank housing loan", "itaku",
        build_loan_app,
        Guide(
            "Housing-loan e-contract: card-signed PDF, bank seal, PAdES B-LT (seed 002 No.8)",
            "住宅ローンの電子契約: カードで署名した PDF、銀行の電子印、長期署名 PAdES B-LT (seed 002 No.8)",
            "Sign the loan agreement with the signing password: download the PDF signed by you and sealed by the bank, and check it with `pdfsig` or `jpki verify pdf`.",
            "署名用パスワードでローン契約書に署名し、本人の署名と銀行の電子印が付いた PDF をダウンロードして `pdfsig` や `jpki verify pdf` で確認してください。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
