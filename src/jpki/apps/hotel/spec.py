"""How the world starts the hotel: a 委託 (itaku) tenant of the platform (the guest register
needs the name and address of the signing certificate; the key binds a phone's certificate)."""

from jpki.apps.hotel.app import build_hotel_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "hotel", "demo-hotel", "デモホテル / Demo Hotel", "itaku", build_hotel_app,
        Guide(
            "Hotel smart key: check-in with the card, the room key on the guest's phone (seed 002 No.3)",
            "ホテルのスマートキー: カードでチェックイン、部屋の鍵は宿泊者のスマホに (seed 002 No.3)",
            "Check in with a resident's card (signing password), issue the key to the same resident's phone (its PIN), then touch the phone at the room's door (no PIN): it opens; the card, another resident's phone and the phone after check-out do not.",
            "住民のカードでチェックインし (署名用パスワード)、同じ住民のスマホに鍵を発行して (スマホの暗証番号)、部屋のドアでスマホをかざすと (暗証番号不要) 開きます。カード、他の住民のスマホ、チェックアウト後のスマホでは開きません。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
