"""How the world starts the disaster-support service: a 代行 (daiko) tenant of the platform."""

from jpki.apps.disaster.app import build_disaster_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "disaster", "demo-disaster", "デモ市 災害時住民支援 / Disaster support", "daiko",
        build_disaster_app,
        Guide(
            "Disaster support: shelters check in with the card, safety, relief (seed 002 No.22)",
            "災害時住民支援: 避難所でカードで受付、安否確認、救援物資 (seed 002 No.22)",
            "Register a household with the card, declare a disaster at the municipality desk, check residents in at a shelter, and watch the safety list fill.",
            "カードで世帯を登録し、市役所窓口で災害を宣言し、避難所で住民を受け付けると安否一覧が埋まっていきます。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
