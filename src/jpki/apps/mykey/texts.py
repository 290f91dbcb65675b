"""The MyKey platform's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "MyKey platform", "ja": "マイキープラットフォーム"},
    "intro": {
        "en": "One MyKey ID from your card for your library card, shopping-street points and more; convert points into local-government points.",
        "ja": "カードのマイキーIDで図書館カードや商店街ポイントをまとめ、自治体ポイントに交換できます。",
    },
    "register": {"en": "Register (signing password)", "ja": "登録(署名用パスワード)"},
    "login": {"en": "My MyKey ID (card login)", "ja": "マイキーIDを確認(カードでログイン)"},
    "mykey_id": {"en": "MyKey ID", "ja": "マイキーID"},
    "kind_default": {
        "en": "given at registration (kept through card renewals)",
        "ja": "登録時に発行(カード更新後も変わりません)",
    },
    "kind_chosen": {
        "en": "chosen and confirmed with your card (本登録)",
        "ja": "任意のID(カードで本登録済み)",
    },
    "provisional": {
        "en": "Provisionally reserved (仮登録): log in with your card to confirm it:",
        "ja": "仮登録中。カードでログインすると本登録されます:",
    },
    "choose": {
        "en": "Reserve my own MyKey ID (14 characters A-Z, 0-9)",
        "ja": "任意のマイキーIDを仮登録(英数字14桁)",
    },
    "services": {"en": "Linked services", "ja": "連携サービス"},
    "points": {"en": "points", "ja": "ポイント"},
    "local_points": {"en": "Local-government points", "ja": "自治体ポイント"},
    "convert": {"en": "Convert to local-government points", "ja": "自治体ポイントに交換"},
    "counter": {"en": "Counter terminal", "ja": "受付端末"},
    "service_id": {"en": "Service ID (card number)", "ja": "サービスID(カード番号)"},
    "link": {"en": "Link to the card's MyKey ID", "ja": "マイキーIDに連携"},
    "lookup": {"en": "Look up by card", "ja": "カードで照会"},
    "earn": {"en": "Grant points", "ja": "ポイント付与"},
    "linked": {"en": "Linked", "ja": "連携しました"},
    "found": {"en": "Service ID", "ja": "サービスID"},
    "balance": {"en": "Balance", "ja": "残高"},
    "notices": {"en": "Revoked members (失効会員情報)", "ja": "失効会員情報"},
    "converted": {"en": "Converted into local points:", "ja": "自治体ポイントに交換しました:"},
}
