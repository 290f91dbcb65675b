"""How the world starts the securities company: a 代行 (daiko) tenant of the platform, with its
trading API on an endpoint of its own behind TLS client authentication."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.securities.app import build_securities_app, build_securities_tls

SPECS = (
    ServiceSpec(
        "securities", "demo-securities", "デモ証券 / Demo Securities", "daiko",
        build_securities_app,
        Guide(
            "Securities: trading API over TLS client authentication by card (seed 002 No.14)",
            "証券: カードを TLS クライアント証明書にした取引 API (seed 002 No.14)",
            "Open an account with the signing password, then call the trading API at `securities-tls` with the card as the TLS client certificate (curl with OpenSC, see `docs/apps/securities.md`).",
            "署名用パスワードで口座を開き、`securities-tls` の取引 API をカードを TLS クライアント証明書として呼び出してください (OpenSC と curl、`docs/apps/securities.md`)。",
        ),
        build_securities_tls,
    ),
)  # fmt: skip


__all__ = ["SPECS"]
