"""How the world starts the counter: a 委託 (itaku) tenant of the platform, on a PC with a card
reader and a registered terminal's certificate."""

from jpki.apps.counter.app import build_counter_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "counter", "demo-counter", "デモ窓口 / Demo Counter", "itaku", build_counter_app,
        Guide(
            "Face-to-face counter (対面確認): card-face AP read with 照合番号B, seal and revocation",
            "対面確認の窓口: 照合番号B で券面事項確認APを読み、署名と失効を確認",
            "Pick a resident's card and type its matching number B (birth date YYMMDD, the card's expiry year and the 4-digit security code, from `DATA/residents.json`): photo, name and address appear beside the chip's verdicts. A card face forged with `jpki card forge-face` is refused.",
            "住民のカードを選び、照合番号B (生年月日 YYMMDD、カードの有効期限の年、4桁のセキュリティコード。`DATA/residents.json` にあります) を入力すると、顔写真・氏名・住所が IC チップの検証結果と並んで表示されます。`jpki card forge-face` で偽造した券面は拒否されます。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
