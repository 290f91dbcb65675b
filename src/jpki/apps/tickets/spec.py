"""How the world starts the ticket seller: a 委託 (itaku) tenant of the platform."""

from jpki.apps.kit.spec import ServiceSpec
from jpki.apps.tickets.app import build_tickets_app

SPECS = (
    ServiceSpec(
        "tickets", "demo-tickets", "デモチケット / Demo Tickets", "itaku", build_tickets_app,
        "Tickets bound to the card; PIN-less gate (seed 000 stadium, seed 002 No.2)",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
