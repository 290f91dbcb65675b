"""How the world starts the fee-reduction service: a 委託 (itaku) tenant of the platform (its
nursery-fee desk checks the card login itself, and hands the platform the JPKI certificate to
ask whether its holder is the attribute certificate's), and an office of the attribute
authority that issues 減免事由証明書."""

from jpki.apps.fee_reduction.app import build_fee_reduction_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "fee_reduction", "demo-fee-reduction", "手数料減免 / Fee reduction", "itaku",
        build_fee_reduction_app,
        Guide(
            "Fee reduction: grounds certified as an attribute certificate, accepted with the card (seed 002 No.12)",
            "手数料・保険料等の減免: 減免事由を属性証明書で証明し、カードと合わせて受け付ける (seed 002 No.12)",
            "At the welfare office choose the grounds and log in with a card: you receive the 減免事由証明書. Paste it at the nursery-fee desk and log in with the same card (accepted), another resident's card (refused), or after the office revokes it (refused).",
            "福祉事務所で事由を選んでカードでログインすると減免事由証明書が発行されます。保育料の窓口に貼り付けて同じカードでログインすると受付、別の住民のカードや失効後は拒否されます。",
        ),
        attribute_kinds=("fee-reduction",),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
