"""Auction seller checks (seed 002 No.17).

A seller registers once by signing the seller agreement (出品者規約) with the signing
certificate; the platform (代行) verifies the signature and links a random reference to the
card, naming the seller by its pairwise ID. Every listing is then a card authentication with
the PIN (利用者証明用電子証明書): the platform refuses a revoked certificate, the login names the
seller's linked reference, and before accepting the listing the auction asks the platform for
the seller's status (現況確認); a seller whose card has ended is stopped. The platform's change
notifications (異動・失効の通知) stop a seller as soon as the card is revoked, and their items
leave the sale.
"""

from __future__ import annotations

import dataclasses
import secrets
from typing import Any

from sqlalchemy import select

from jpki.apps.auction.models import ListingRow, SellerRow
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import accepted_login, registered
from jpki.apps.kit.webhooks import Subscription
from jpki.profile.status import Situation
from jpki.protocol.levels import Level
from jpki.protocol.wallet import LoginAnswer

AGREEMENT = (
    "Demo Auction seller agreement / デモオークション 出品者規約\n"
    "1. I sell only items I own, described truthfully. / 自己の所有する品物のみを正しく説明して出品します。\n"
    "2. Each listing is confirmed with my card and PIN. / 出品のたびにカードと暗証番号で確認します。\n"
    "3. If my card is revoked, my listings stop until I register again.\n"
    "   カードが失効した場合、再登録まで出品が停止されることに同意します。\n"
).encode()
STOPPING = frozenset({
    Situation.DIED, Situation.DIED_OR_EMIGRATED, Situation.EMIGRATED, Situation.LOST_OR_EMIGRATED,
    Situation.CARD_LOST, Situation.REVOKED_OTHER, Situation.EXPIRED,
})  # fmt: skip
"""Situations of the seller's card that stop the seller (a renewed card carries on: the
platform's linkage follows it to the new certificate)."""
MAX_PRICE = 100_000_000


@dataclasses.dataclass(frozen=True)
class Listing:
    id: int
    item: str
    price: int
    seller: str
    listed_at: Any
    receipt: str


def nickname_of(text: str) -> str:
    text = text.strip()
    if not 1 <= len(text) <= 32 or not text.isprintable():
        raise CardRefusal("a seller name is 1 to 32 printable characters / 出品者名が不正です")
    return text


def item_of(item: str, price: int) -> tuple[str, int]:
    item = item.strip()
    if not 1 <= len(item) <= 80 or not item.isprintable() or not 1 <= price <= MAX_PRICE:
        raise CardRefusal(
            "an item is 1 to 80 printable characters at 1 to 100,000,000 yen / 品名か価格が不正です"
        )
    return item, price


class AuctionService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database
        self.subscription = Subscription(context)

    def register(self, cms: Signed, nickname: str) -> int:
        """A seller account for the signer of the agreement (one per person)."""
        nickname = nickname_of(nickname)
        reference = secrets.token_urlsafe(16)
        answer = self.context.platform.register_customer(reference, cms, AGREEMENT)
        user_id = str(registered(answer).user_id)
        with self.database.transaction() as session:
            earlier = session.scalar(select(SellerRow).where(SellerRow.user_id == user_id))
            if earlier is None or earlier.stopped:
                if earlier is not None:  # registering again after a stop: a fresh account
                    earlier.user_id = f"stopped:{earlier.id}"
                    session.flush()
                row = SellerRow(
                    reference=reference, user_id=user_id, nickname=nickname,
                    registration_receipt=answer.receipt, registered_at=self.context.clock.now(),
                )  # fmt: skip
                session.add(row)
                session.flush()
                return row.id
            found = earlier.id
        self.context.platform.unlink(reference)
        return found

    def stop(self, reference: str, situation: Situation) -> bool:
        """Stop the seller linked as `reference`; answers whether one was stopped now."""
        with self.database.transaction() as session:
            seller = session.scalar(select(SellerRow).where(SellerRow.reference == reference))
            if seller is None or seller.stopped:
                return False
            seller.stopped, seller.stopped_at = situation.value, self.context.clock.now()
            return True

    def list_item(
        self, challenge: dict[str, Any], card_answer: LoginAnswer, item: str, price: int
    ) -> Listing:
        """A listing confirmed by the seller's card login with the PIN and a status check."""
        item, price = item_of(item, price)
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = accepted_login(answer)
        if result.assurance is not Level.PIN:
            raise CardRefusal("a listing needs the card's PIN / 暗証番号が必要です")
        with self.database.transaction() as session:
            seller = session.scalar(
                select(SellerRow)
                .where(SellerRow.reference.in_(result.customers or [""]))
                .order_by(SellerRow.id.desc())
                .limit(1)
            )
            if seller is None:
                raise CardRefusal("not a registered seller: sign the agreement first / 未登録です")
            reference, stopped = seller.reference, seller.stopped
        if stopped:
            raise CardRefusal(f"this seller is stopped ({stopped}) / 出品停止中です")
        situation = self.context.platform.status_check(references=[reference]).result.items[0]
        if situation.situation in STOPPING:
            self.stop(reference, situation.situation)
            raise CardRefusal(
                f"this seller is stopped ({situation.situation.value}) / 出品停止中です"
            )
        with self.database.transaction() as session:
            seller = session.scalar(select(SellerRow).where(SellerRow.reference == reference))
            assert seller is not None
            row = ListingRow(
                seller_id=seller.id, item=item, price=price, listed_at=self.context.clock.now(),
                receipt=answer.receipt,
            )  # fmt: skip
            session.add(row)
            session.flush()
            return Listing(row.id, item, price, seller.nickname, row.listed_at, row.receipt)

    def listings(self) -> list[Listing]:
        """The items on sale: those of sellers not stopped."""
        with self.database.transaction() as session:
            rows = session.execute(
                select(ListingRow, SellerRow.nickname)
                .join(SellerRow, SellerRow.id == ListingRow.seller_id)
                .where(SellerRow.stopped.is_(None))
                .order_by(ListingRow.id.desc())
                .limit(200)
            ).all()
            return [
                Listing(row.id, row.item, row.price, nickname, row.listed_at, row.receipt)
                for row, nickname in rows
            ]

    def stopped_sellers(self) -> list[SellerRow]:
        with self.database.transaction() as session:
            return list(
                session.scalars(
                    select(SellerRow)
                    .where(SellerRow.stopped.is_not(None))
                    .order_by(SellerRow.id.desc())
                    .limit(100)
                )
            )

    def notified(self, headers: dict[str, str], body: bytes) -> bool:
        """Apply one signed change notification: a card that ended stops its seller."""
        event = self.subscription.event(headers, body)
        try:
            situation = Situation(str(event["data"].get("situation")))
        except ValueError:
            raise CardRefusal("unknown situation in the notification") from None
        if situation not in STOPPING:
            return False
        return self.stop(str(event["data"].get("reference")), situation)


__all__ = ["AGREEMENT", "STOPPING", "AuctionService", "Listing", "item_of", "nickname_of"]
