"""How the world starts the clinic reception: a 代行 (daiko) tenant of the platform."""

from jpki.apps.clinic.app import build_clinic_app
from jpki.apps.kit.spec import ServiceSpec

SPECS = (
    ServiceSpec(
        "clinic", "demo-clinic", "オンライン資格確認 / Qualification confirmation", "daiko",
        build_clinic_app,
        "Clinic reception: card as insurance card, offline cache (seed 000, seed 003)",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
