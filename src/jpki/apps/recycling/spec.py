"""How the world starts the recycling service: a 代行 (daiko) tenant of the platform."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.recycling.app import build_recycling_app

SPECS = (
    ServiceSpec(
        "recycling", "demo-recycling", "家電リサイクル / Appliance recycling", "daiko",
        build_recycling_app,
        Guide(
            "Appliance recycling: a PIN-less collection box credits eco points (seed 002 No.15)",
            "家電リサイクル: 暗証番号不要の回収ボックスでエコポイントを加算 (seed 002 No.15)",
            "Register with the signing password, return a television at the collection box with a PIN-less card touch, then log in with the PIN to see the points.",
            "署名用パスワードで登録し、回収ボックスでテレビを返却して暗証番号なしでカードをかざし、暗証番号でログインしてポイントを確認してください。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
