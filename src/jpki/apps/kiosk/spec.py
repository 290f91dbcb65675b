"""How the world starts the kiosk: a 委託 (itaku) tenant of the platform."""

from jpki.apps.kiosk.app import build_kiosk_app
from jpki.apps.kit.spec import ServiceSpec

SPECS = (
    ServiceSpec(
        "kiosk", "demo-kiosk", "コンビニ交付 / Convenience-store kiosk", "itaku", build_kiosk_app,
        "Kiosk: sealed resident-record PDF, identification numbers (seed 000, 002 No.16)",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
