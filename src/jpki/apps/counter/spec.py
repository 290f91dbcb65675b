"""How the world starts the counter: a 委託 (itaku) tenant of the platform, on a PC with a card
reader and a registered terminal's certificate."""

from jpki.apps.counter.app import build_counter_app
from jpki.apps.kit.spec import ServiceSpec

SPECS = (
    ServiceSpec(
        "counter", "demo-counter", "デモ窓口 / Demo Counter", "itaku", build_counter_app,
        "face-to-face counter (対面確認): card-face AP read with 照合番号B, seal and revocation",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
