"""How the world starts the payment relay: a 代行 (daiko) tenant of the platform."""

from jpki.apps.kit.spec import ServiceSpec
from jpki.apps.payments.app import build_payments_app

SPECS = (
    ServiceSpec(
        "payments", "demo-relay", "決済中継 / Payment relay", "daiko", build_payments_app,
        "Payment relay: store, debit and ATM by card, issuers' own PINs (seed 004)",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
