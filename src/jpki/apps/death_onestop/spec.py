"""How the world starts the death one-stop desk: a 代行 (daiko) tenant of the platform (it needs
no 4 information: the platform joins its registrant to the businesses' customers)."""

from jpki.apps.death_onestop.app import build_death_onestop_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "death_onestop", "demo-death-onestop", "死亡・相続ワンストップ / Death one-stop", "daiko", build_death_onestop_app,
        Guide(
            "Death one-stop: businesses chosen in advance start their procedures on a death (seed 001 roadmap)",
            "死亡・相続ワンストップ: 事前に選んだ事業者が死亡時に手続を開始 (seed 001)",
            "Open a bank account and a policy, then log in here with the card, choose the bank and sign; after `jpki authority event DATA die ID` and the platform's watch, the bank freezes the account, the insurer (not chosen) only sees the revocation, and the family follows it with the enquiry number.",
            "銀行口座と保険契約を作ってから、ここでカードでログインして銀行を選び署名します。`jpki authority event DATA die ID` とプラットフォームの変更確認の後、銀行は口座を凍結し、選ばなかった保険会社には失効だけが伝わり、ご家族は照会番号で状況を確認できます。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
