"""How the world starts the disaster-support service: a 代行 (daiko) tenant of the platform."""

from jpki.apps.disaster.app import build_disaster_app
from jpki.apps.kit.spec import ServiceSpec

SPECS = (
    ServiceSpec(
        "disaster", "demo-disaster", "デモ市 災害時住民支援 / Disaster support", "daiko",
        build_disaster_app,
        "Disaster support: shelters check in with the card, safety, relief (seed 002 No.22)",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
