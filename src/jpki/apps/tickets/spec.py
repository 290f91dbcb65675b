"""How the world starts the ticket seller: a 委託 (itaku) tenant of the platform."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.tickets.app import build_tickets_app

SPECS = (
    ServiceSpec(
        "tickets", "demo-tickets", "デモチケット / Demo Tickets", "itaku", build_tickets_app,
        Guide(
            "Tickets bound to the card; PIN-less gate (seed 000 stadium, seed 002 No.2)",
            "カードに結び付いたチケット、暗証番号なしの入場ゲート (seed 000 スタジアム, seed 002 No.2)",
            "Buy a ticket with a card login (PIN), then touch the same card at the gate without a PIN: admitted once; another resident's card has no ticket.",
            "カードでログインしてチケットを購入し (暗証番号)、ゲートで同じカードを暗証番号なしでかざすと一度だけ入場できます。他の住民のカードにはチケットがありません。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
