"""The age service's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Age verification (20+)", "ja": "年齢確認(20歳以上)"},
    "intro": {
        "en": "Register once with your card, consenting to your birth date only; then vending machines and entrances learn only whether you are 20 or older — never your birth date or name.",
        "ja": "生年月日のみの提供に同意して一度カードで登録すれば、自動販売機や入場口には「20歳以上か否か」だけが伝わります。生年月日や氏名は伝わりません。",
    },
    "register": {"en": "Register with my card", "ja": "カードで登録"},
    "registered": {
        "en": "Registered. Only the day you turn 20 is kept.",
        "ja": "登録しました。20歳に達する日のみを保存しています。",
    },
    "terminal": {"en": "Vending machine", "ja": "自動販売機"},
    "yes": {"en": "20 or older: YES", "ja": "20歳以上です"},
    "no": {"en": "Not verified as 20 or older", "ja": "20歳以上と確認できません"},
    "stats": {"en": "Checks so far", "ja": "これまでの確認件数"},
    "stat_yes": {"en": "20 or older", "ja": "20歳以上"},
    "stat_no": {"en": "not verified", "ja": "確認できず"},
    "stat_registered": {"en": "registered", "ja": "登録済み"},
    "next": {"en": "Next", "ja": "次へ"},
}
