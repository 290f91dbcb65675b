"""How the world starts the age service: a 代行 (daiko) tenant of the platform."""

from jpki.apps.age.app import build_age_app
from jpki.apps.kit.spec import ServiceSpec

SPECS = (
    ServiceSpec(
        "age", "demo-age", "年齢確認 / Age verification", "daiko", build_age_app,
        "Age verification: 20+ yes/no only, no personal data (seed 001 roadmap)",
        identifiers="per-use",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
