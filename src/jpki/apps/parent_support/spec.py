"""How the world starts the parent-support TV app: a 委託 (itaku) tenant of the platform (a
municipality is the verifier of the notifications it receives)."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.parent_support.app import build_parent_support_app

SPECS = (
    ServiceSpec(
        "parent_support", "demo-parent-support", "デモ市 子育て支援 / Demo City parent support",
        "itaku", build_parent_support_app,
        Guide(
            "Parent support on the TV: notices to parents and the pregnancy notification signed with the card (seed 002 No.18)",
            "テレビで子育て支援: 保護者へのお知らせと、カードで署名する妊娠届 (seed 002 No.18)",
            "Use only the arrow keys and Enter, as with a remote: read the notices, file a pregnancy notification in three choices and sign it (signing password); your own notices (the handbook, the check-up vouchers) follow. Log in with the card on another visit to see them.",
            "リモコンのように矢印キーと決定キーだけで操作します。お知らせを読み、3つの選択で妊娠届を作って署名すると (署名用パスワード)、あなたへのお知らせ (母子健康手帳、妊婦健診の受診票) が届きます。次回はカードでログインして確認してください。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
