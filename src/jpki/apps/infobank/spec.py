"""How the world starts the information bank: a 代行 (daiko) tenant of the platform."""

from jpki.apps.infobank.app import build_infobank_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "infobank", "demo-infobank", "情報銀行 / Information bank", "daiko", build_infobank_app,
        Guide(
            "Smart drive: an information bank gives driving data only under a signed consent (seed 002 No.11)",
            "スマートドライブ: 情報銀行が署名付き同意の範囲でのみ運転データを提供 (seed 002 No.11)",
            "Register with the signing password, log in with the PIN, deposit a drive, sign a consent for the insurer, then sign in on the insurer's page with its key (the page names the file), receive the data, withdraw the consent and try again.",
            "署名用パスワードで登録し、暗証番号でログインして走行記録を預け、保険会社への提供に署名で同意してください。保険会社のページに鍵でサインインして (鍵のファイルはページに表示) データを受け取り、同意を撤回してからもう一度試してください。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
