"""How the world starts the housing-loan service: a 委託 (itaku) tenant of the platform."""

from jpki.apps.kit.spec import ServiceSpec
from jpki.apps.loan.app import build_loan_app

SPECS = (
    ServiceSpec(
        "loan", "demo-loan", "デモ銀行 住宅ローン / Demo Bank housing loan", "itaku",
        build_loan_app,
        "Housing-loan e-contract: card-signed PDF, bank seal, PAdES B-LT (seed 002 No.8)",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
