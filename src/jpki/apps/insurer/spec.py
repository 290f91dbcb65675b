"""How the world starts the life insurer: a 委託 (itaku) tenant of the platform."""

from jpki.apps.insurer.app import build_insurer_app
from jpki.apps.kit.spec import ServiceSpec

SPECS = (
    ServiceSpec(
        "insurer", "demo-insurer", "デモ生命 / Demo Life Insurance", "itaku", build_insurer_app,
        "Life insurer: batch status check before mailing, change notifications (seed 002 No.9)",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
