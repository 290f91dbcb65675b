"""The auction platform's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo Auction: verified sellers", "ja": "デモオークション: 本人確認済み出品者"},
    "intro": {
        "en": "Sellers register once by signing the seller agreement with their card (signing password). Every listing is then confirmed with the card and PIN, so buyers know each item comes from a verified person. A seller whose card is revoked (a lost card, for example) is stopped.",
        "ja": "出品者はカードで出品者規約に一度署名して登録します (署名用パスワード)。その後の出品はそのつどカードと暗証番号で確認するため、購入者は本人確認済みの出品者からの品物だと分かります。カードが失効した出品者 (紛失など) は出品を停止されます。",
    },
    "nickname": {"en": "Seller name shown to buyers", "ja": "購入者に表示する出品者名"},
    "register": {"en": "Sign the seller agreement", "ja": "出品者規約に署名して登録"},
    "registered": {
        "en": "Registered as a seller. Each listing is confirmed with your card and PIN.",
        "ja": "出品者として登録しました。出品のたびにカードと暗証番号で確認します。",
    },
    "sell": {"en": "List an item", "ja": "出品する"},
    "item": {"en": "Item", "ja": "品名"},
    "price": {"en": "Starting price (yen)", "ja": "開始価格 (円)"},
    "list": {"en": "List with my card and PIN", "ja": "カードと暗証番号で出品"},
    "listed": {"en": "Listed:", "ja": "出品しました:"},
    "listings": {"en": "Items on sale", "ja": "出品中の品物"},
    "seller": {"en": "Seller", "ja": "出品者"},
    "since": {"en": "Listed at", "ja": "出品日時"},
    "verified": {"en": "verified with the card", "ja": "カードで本人確認済み"},
    "none_yet": {"en": "Nothing on sale yet.", "ja": "出品中の品物はまだありません。"},
    "stopped_sellers": {"en": "Stopped sellers", "ja": "停止された出品者"},
    "stopped_because": {"en": "stopped:", "ja": "停止:"},
    "card_register": {"en": "Sign the seller agreement", "ja": "出品者規約に署名"},
    "card_list": {
        "en": "Confirm the listing with your card and PIN",
        "ja": "カードと暗証番号で出品を確認",
    },
    "bad_nickname": {
        "en": "A seller name is 1 to 32 printable characters.",
        "ja": "出品者名は1〜32文字の表示可能な文字です。",
    },
    "bad_item": {
        "en": "An item name is 1 to 80 printable characters and a price 1 to 100,000,000 yen.",
        "ja": "品名は1〜80文字、価格は1〜100,000,000円です。",
    },
}
