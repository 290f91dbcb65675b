"""How the world starts the securities company: a 代行 (daiko) tenant of the platform, with its
trading API on an endpoint of its own behind TLS client authentication."""

from jpki.apps.kit.spec import ServiceSpec
from jpki.apps.securities.app import build_securities_app, build_securities_tls

SPECS = (
    ServiceSpec(
        "securities", "demo-securities", "デモ証券 / Demo Securities", "daiko",
        build_securities_app,
        "Securities: trading API over TLS client authentication by card (seed 002 No.14)",
        build_securities_tls,
    ),
)  # fmt: skip


__all__ = ["SPECS"]
