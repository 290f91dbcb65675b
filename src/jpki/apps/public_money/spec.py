"""How the world starts the public-money registry and benefit desk: a 委託 (itaku) tenant of the
platform (it keeps the registrant's name and address from the consented 4 information)."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.public_money.app import build_public_money_app

SPECS = (
    ServiceSpec(
        "public_money", "demo-public-money", "公金受取口座 / Public-money account", "itaku", build_public_money_app,
        Guide(
            "Public-money receiving account registered with the card; benefits paid into it (seed 001 roadmap)",
            "カードで公金受取口座を登録し、給付金をその口座に振り込む (seed 001)",
            "Register a receiving account with the card (signing password), then at the municipality's desk pay a benefit: it goes to the registered account without asking for it; log in with the card to see it.",
            "カードで公金受取口座を登録し (署名用パスワード)、自治体の給付窓口で給付金を振り込むと、口座を尋ねずに登録口座へ入ります。カードでログインすると確認できます。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
