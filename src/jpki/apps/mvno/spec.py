"""How the world starts the MVNO counter: a 委託 (itaku) tenant of the platform."""

from jpki.apps.kit.spec import ServiceSpec
from jpki.apps.mvno.app import build_mvno_app

SPECS = (
    ServiceSpec(
        "mvno", "demo-mvno", "デモモバイル / Demo Mobile", "itaku", build_mvno_app,
        "MVNO counter: terms signed with the card, no photocopy (seed 002 No.1)",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
