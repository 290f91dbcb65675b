"""The recycling service's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Appliance recycling eco points", "ja": "家電リサイクル エコポイント"},
    "intro": {
        "en": "Register once with your card (signing password). Then return appliances at a collection box: touch your card, no PIN needed, and eco points are credited to your account. Log in with your card and PIN to see them.",
        "ja": "一度カードで登録すると (署名用パスワード)、回収ボックスで家電を返却するたびにカードをかざすだけ (暗証番号不要) でエコポイントが口座に加算されます。ポイントはカードと暗証番号でログインして確認できます。",
    },
    "register": {"en": "Register with my card", "ja": "カードで登録"},
    "registered": {
        "en": "Registered. Return appliances at a collection box to earn eco points.",
        "ja": "登録しました。回収ボックスで家電を返却するとエコポイントがたまります。",
    },
    "login": {
        "en": "See my eco points (card and PIN)",
        "ja": "エコポイントを見る (カードと暗証番号)",
    },
    "box": {"en": "Collection box", "ja": "回収ボックス"},
    "box_intro": {
        "en": "Choose what you return, then touch your card. The box learns no name and no card number.",
        "ja": "返却する品目を選び、カードをかざしてください。ボックスには氏名もカード番号も伝わりません。",
    },
    "appliance": {"en": "Appliance", "ja": "品目"},
    "return": {"en": "Return and touch my card", "ja": "返却してカードをかざす"},
    "credited": {
        "en": "Thank you. Eco points credited:",
        "ja": "ありがとうございました。加算したエコポイント:",
    },
    "refused": {"en": "Card refused:", "ja": "カードを受け付けられません:"},
    "why_unregistered": {
        "en": "this card is not registered for eco points",
        "ja": "このカードはエコポイントに登録されていません",
    },
    "why_card": {
        "en": "the card's certificate is not valid (revoked, expired or unknown)",
        "ja": "カードの証明書が有効ではありません (失効・期限切れ・不明)",
    },
    "why_login": {"en": "the card login was refused", "ja": "カードでのログインが拒否されました"},
    "next": {"en": "Next", "ja": "次へ"},
    "balance": {"en": "Eco points", "ja": "エコポイント残高"},
    "history": {"en": "Returns", "ja": "返却の履歴"},
    "when": {"en": "When", "ja": "日時"},
    "points": {"en": "Points", "ja": "ポイント"},
    "none_yet": {"en": "No returns yet.", "ja": "まだ返却はありません。"},
    "card_return": {
        "en": "Collection box: touch your card",
        "ja": "回収ボックス: カードをかざしてください",
    },
    "log_in_first": {
        "en": "Log in with your card first.",
        "ja": "先にカードでログインしてください。",
    },
    "unknown_appliance": {"en": "Unknown appliance.", "ja": "品目が不明です。"},
    "unknown_box": {
        "en": "A box name is 1 to 16 letters, digits or hyphens.",
        "ja": "ボックス名は英数字とハイフンで1〜16文字です。",
    },
}
