"""How the world starts the pharmacy: a 代行 (daiko) tenant of the platform that trusts the
world's HPKI authority (its CA pinned in the service's folder, its CRL over HTTP)."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.pharmacy.app import build_pharmacy_app

SPECS = (
    ServiceSpec(
        "pharmacy", "demo-pharmacy", "薬局 / Pharmacy", "daiko", build_pharmacy_app,
        Guide(
            "Pharmacy: e-prescriptions checked (HPKI), dispensing, medicine notebook (seed 002 No.6, seed 001)",
            "薬局: 電子処方箋の確認 (HPKI)、調剤、電子お薬手帳 (seed 002 No.6, seed 001)",
            "Register a card (signing password), upload the e-prescription file the clinic gave you, log in with the same card: the medicines appear in your medicine notebook, which only your card opens.",
            "カードを登録し (署名用パスワード)、医療機関で受け取った電子処方箋ファイルをアップロードして同じカードでログインすると、調剤の記録がお薬手帳に残ります。お薬手帳はご本人のカードでだけ開けます。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
