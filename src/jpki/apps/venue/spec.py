"""How the world starts the venue: a 代行 (daiko) tenant with stable pairwise IDs (the
visitor IDs that count visits)."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.venue.app import build_venue_app

SPECS = (
    ServiceSpec(
        "venue", "demo-venue", "デモ施設 入場確認 / Demo Venue", "daiko", build_venue_app,
        Guide(
            "Casino entry check: 20+, self-exclusion and visit limits, no other data (seed 001 roadmap)",
            "カジノ入場確認: 20歳以上・本人申告の入場制限・入場回数だけを確認 (seed 001)",
            "Register with the signing password (only the birth date is released), enter at the gate PIN-less, then sign a self-exclusion and try the gate again.",
            "署名用パスワードで登録し (出すのは生年月日だけ)、入場口で暗証番号なしで入場してから、入場制限を署名で申告してもう一度入場口を試してください。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
