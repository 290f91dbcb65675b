"""How the world starts the procurement site: a 委託 (itaku) tenant of the platform, since it
judges who signed (the representative, the delegate) by the signing certificate's 4
information."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.procurement.app import build_procurement_app

SPECS = (
    ServiceSpec(
        "procurement", "demo-procurement", "デモ市 電子入札 / Demo City e-procurement", "itaku",
        build_procurement_app,
        Guide(
            "E-procurement with an electronic power of attorney signed with the card (seed 000 電子委任状)",
            "カードで署名した電子委任状による電子入札 (seed 000 電子委任状)",
            "Register a company as its representative (signing password), sign a delegation to another resident for some categories and a period, then bid as that resident: accepted in scope, refused out of scope, after the period, after revoking the delegation or the representative's certificate, or for a resident without one.",
            "代表者として法人を登録し (署名用パスワード)、別の住民への委任状に委任事項と期間を付けて署名し、その住民として入札してください。範囲内なら受理、範囲外・期間外・委任の撤回後・代表者の証明書の失効後・委任のない住民は不受理です。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
