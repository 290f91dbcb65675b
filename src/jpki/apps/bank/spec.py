"""How the world starts the bank: a 代行 (daiko) tenant of the platform."""

from jpki.apps.bank.app import build_bank_app
from jpki.apps.kit.spec import ServiceSpec

SPECS = (
    ServiceSpec(
        "bank", "demo-bank", "デモ銀行 / Demo Bank", "daiko", build_bank_app,
        "Bank & securities: eKYC account opening, card login (seed 002 No.5/No.20)",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
