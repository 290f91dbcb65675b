"""How the world starts the age service: a 代行 (daiko) tenant of the platform."""

from jpki.apps.age.app import build_age_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "age", "demo-age", "年齢確認 / Age verification", "daiko", build_age_app,
        Guide(
            "Age verification: 20+ yes/no only, no personal data (seed 001 roadmap)",
            "年齢確認: 20歳以上かどうかだけを答え、個人情報は渡さない (seed 001)",
            "Register with a card (signing password, only the birth date is released), then try the vending machine with that card and with a resident under 20.",
            "カードで登録し (署名用パスワード。出すのは生年月日だけ)、自動販売機でそのカードと20歳未満の住民のカードを試してください。",
        ),
        identifiers="per-use",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
