"""How the world starts the payment relay: a 代行 (daiko) tenant of the platform."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.payments.app import build_payments_app

SPECS = (
    ServiceSpec(
        "payments", "demo-relay", "決済中継 / Payment relay", "daiko", build_payments_app,
        Guide(
            "Payment relay: store, debit and ATM by card, issuers' own PINs (seed 004)",
            "決済中継: 店舗・デビット・ATM をカードで、PIN は各発行者のもの (seed 004)",
            "Open a demo account at the issuer's counter, then pay at the store terminal or withdraw at the ATM with the card: you choose which account, the issuer asks for its own PIN.",
            "発行者の窓口でデモ口座を開き、店舗端末や ATM でカードを使うと、どの口座かを選び、発行者自身の PIN を入力します。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
