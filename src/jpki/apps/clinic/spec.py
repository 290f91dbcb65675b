"""How the world starts the clinic reception: a 代行 (daiko) tenant of the platform."""

from jpki.apps.clinic.app import build_clinic_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "clinic", "demo-clinic", "オンライン資格確認 / Qualification confirmation", "daiko",
        build_clinic_app,
        Guide(
            "Clinic reception: card as insurance card, offline cache (seed 000, seed 003)",
            "医療機関の受付: カードを保険証として利用、オフラインでも確認 (seed 000, seed 003)",
            "Link a card to its health insurance (signing password), then touch it at the reception terminal: the qualification and a reception number appear, and the check in the evidence table.",
            "カードを健康保険に紐付け (署名用パスワード)、受付端末でカードをかざすと資格情報と受付番号が表示され、確認の記録が残ります。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
