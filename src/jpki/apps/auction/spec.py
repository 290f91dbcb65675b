"""How the world starts the auction platform: a 代行 (daiko) tenant of the platform."""

from jpki.apps.auction.app import build_auction_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "auction", "demo-auction", "デモオークション / Demo Auction", "daiko", build_auction_app,
        Guide(
            "Auction seller checks: a signed registration, then card and PIN per listing (seed 002 No.17)",
            "オークション出品者確認: 署名で登録し、出品ごとにカードと暗証番号 (seed 002 No.17)",
            "Sign the seller agreement with the signing password, list an item with the card's PIN, then report the card lost and see the seller stopped.",
            "署名用パスワードで出品者規約に署名し、暗証番号で出品してから、カードの紛失を届け出て出品者が停止されることを確かめてください。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
