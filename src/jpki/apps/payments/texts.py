"""The payment relay's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Payment relay", "ja": "決済中継サービス"},
    "intro": {
        "en": "Pay at stores and withdraw at ATMs with your My Number card: the relay finds your linked card or account, and its issuer decides with its own PIN.",
        "ja": "マイナンバーカードで店舗の支払いやATMの引き出しができます。中継サービスが紐付いたカード・口座を特定し、発行者が自らの暗証番号ルールで承認します。",
    },
    "open": {"en": "Issuer's counter: open a demo account", "ja": "発行者窓口: デモ口座を開設"},
    "issuer_pin": {"en": "Issuer PIN (4 digits)", "ja": "発行者の暗証番号(4桁)"},
    "opened": {"en": "Account opened:", "ja": "口座を開設しました:"},
    "enrol": {
        "en": "Link an account to my card (signing password)",
        "ja": "口座・カードをマイナンバーカードに紐付け(署名用パスワード)",
    },
    "number": {"en": "Account / card number", "ja": "口座・カード番号"},
    "enrolled": {"en": "Linked:", "ja": "紐付けました:"},
    "store": {"en": "Store terminal", "ja": "店舗端末"},
    "atm": {"en": "ATM", "ja": "ATM"},
    "amount": {"en": "Amount (yen)", "ja": "金額(円)"},
    "pay": {"en": "Pay with the card", "ja": "カードで支払う"},
    "withdraw": {"en": "Withdraw with the card", "ja": "カードで引き出す"},
    "which": {"en": "Which card or account?", "ja": "どのカード・口座を使いますか?"},
    "pin_asked": {"en": "The issuer asks for its PIN", "ja": "発行者の暗証番号を入力してください"},
    "approved": {"en": "Approved", "ja": "承認されました"},
    "declined": {"en": "Declined", "ja": "承認されませんでした"},
    "log": {"en": "Relay log", "ja": "中継記録"},
    "tries_left": {"en": "tries left", "ja": "残り回数"},
}
