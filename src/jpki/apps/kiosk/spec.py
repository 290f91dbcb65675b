"""How the world starts the kiosk: a 委託 (itaku) tenant of the platform."""

from jpki.apps.kiosk.app import build_kiosk_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "kiosk", "demo-kiosk", "コンビニ交付 / Convenience-store kiosk", "itaku", build_kiosk_app,
        Guide(
            "Kiosk: sealed resident-record PDF, identification numbers (seed 000, 002 No.16)",
            "コンビニ交付: 自治体の電子印付き住民票の写し (PDF)、本人確認用番号 (seed 000, 002 No.16)",
            "Get a copy of the resident record with the card (PIN): a PDF sealed by the municipality. Or apply for a 12-digit identification number and use it for an identity check.",
            "カードと暗証番号で住民票の写しを取得すると、自治体の電子印付き PDF が届きます。12桁の本人確認用番号を申し込んで本人確認に使うこともできます。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
