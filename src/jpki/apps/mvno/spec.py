"""How the world starts the MVNO counter: a 委託 (itaku) tenant of the platform."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.mvno.app import build_mvno_app

SPECS = (
    ServiceSpec(
        "mvno", "demo-mvno", "デモモバイル / Demo Mobile", "itaku", build_mvno_app,
        Guide(
            "MVNO counter: terms signed with the card, no photocopy (seed 002 No.1)",
            "携帯電話の店頭契約: 約款にカードで署名、コピー不要 (seed 002 No.1)",
            "Sign the terms with the card at the store counter: the contract shows the verified name, address and birth date and a phone number.",
            "店頭で約款にカードで署名すると、検証済みの氏名・住所・生年月日と電話番号が契約に記載されます。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
