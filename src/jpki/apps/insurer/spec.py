"""How the world starts the life insurer: a 委託 (itaku) tenant of the platform."""

from jpki.apps.insurer.app import build_insurer_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "insurer", "demo-insurer", "デモ生命 / Demo Life Insurance", "itaku", build_insurer_app,
        Guide(
            "Life insurer: batch status check before mailing, change notifications (seed 002 No.9)",
            "生命保険: 郵送前の一括現況確認、異動の通知 (seed 002 No.9)",
            "Issue a policy with the card, move or register a death at the authority (`jpki authority event`), then run the status check before the mailing.",
            "カードで契約し、認証局で転居や死亡を登録 (`jpki authority event`) してから、郵送前の現況確認を実行してください。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
