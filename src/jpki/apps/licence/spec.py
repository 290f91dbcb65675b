"""How the world starts the licensing service: a 委託 (itaku) tenant of the platform (the
desk's JPKI check), with card readers and J-LIS's install certificate for the licence applet."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.licence.app import NAME, build_licence_app
from jpki.profile.licence import LICENCE_AID

SPECS = (
    ServiceSpec(
        "licence", "demo-licence", NAME, "itaku", build_licence_app,
        Guide(
            "Driving licence on the card (マイナ免許証): written by the public safety commission, read at a counter",
            "マイナ免許証: 公安委員会が免許情報を記録し、窓口で読み取って確認",
            "At the licensing centre pick a resident's card, type the card's authentication PIN (`DATA/pins/<id>-auth.txt`), a 12-digit licence number, the kinds, an expiry and a licence PIN: the licence is recorded on the card. At the counter the same card and licence PIN show the licence, verified; an altered record or one copied to another card is refused.",
            "運転免許センターで住民のカードを選び、利用者証明用暗証番号 (`DATA/pins/<id>-auth.txt`)、12桁の免許証番号、種類、有効期間、免許情報の暗証番号を入力すると免許情報がカードに記録されます。窓口で同じカードと暗証番号を使うと、検証済みの免許情報が表示されます。改ざんされた情報や別のカードに写した情報は拒否されます。",
        ),
        free_area=("Tokyo Public Safety Commission", LICENCE_AID),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
