"""The venue's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo Venue: casino entry check", "ja": "デモ施設: カジノ入場確認"},
    "intro": {
        "en": "Register once with your card, consenting to your birth date only. At the gate the venue then learns only whether you may enter, and a visitor ID that counts your visits: never your name, birth date or address.",
        "ja": "生年月日のみの提供に同意して一度カードで登録すると、入場口には「入場できるか」と入場回数を数えるための来場者IDだけが伝わります。氏名・生年月日・住所は伝わりません。",
    },
    "register": {"en": "Register with my card", "ja": "カードで登録"},
    "registered": {
        "en": "Registered. Only the day you turn 20 is kept.",
        "ja": "登録しました。20歳に達する日のみを保存しています。",
    },
    "exclusion": {"en": "Self-exclusion (本人申告)", "ja": "本人申告による入場制限"},
    "exclusion_intro": {
        "en": "Ask the venue to refuse your entry for a period. You sign the declaration with your card; it cannot be lifted early.",
        "ja": "一定期間、入場を拒否するよう申告できます。申告にはカードで署名し、期間中は解除できません。",
    },
    "months": {"en": "Months", "ja": "期間 (か月)"},
    "exclude": {"en": "Sign the self-exclusion", "ja": "入場制限を申告 (署名)"},
    "excluded_until": {
        "en": "Entry refused until (JST):",
        "ja": "入場を拒否する最終日 (日本時間):",
    },
    "gate": {"en": "Entry gate", "ja": "入場口"},
    "allowed": {"en": "Entry allowed", "ja": "入場できます"},
    "refused": {"en": "Entry refused", "ja": "入場できません"},
    "outcome_allowed": {"en": "allowed", "ja": "入場可"},
    "outcome_under-age": {"en": "under 20", "ja": "20歳未満"},
    "outcome_excluded": {"en": "on the self-exclusion list", "ja": "入場制限の申告あり"},
    "outcome_limit": {"en": "visit limit reached", "ja": "入場回数の上限"},
    "outcome_not-registered": {"en": "not registered", "ja": "未登録"},
    "outcome_card-refused": {"en": "card refused", "ja": "カードを受け付けられません"},
    "limits": {"en": "Visit limits (IR law, art. 69)", "ja": "入場回数の制限 (IR整備法第69条)"},
    "visitor": {"en": "Visitor ID", "ja": "来場者ID"},
    "next": {"en": "Next", "ja": "次へ"},
    "stats": {"en": "Gate so far", "ja": "これまでの入場確認"},
    "visits": {"en": "visits counted", "ja": "数えた入場回数"},
    "card_check": {"en": "Entry gate: touch your card", "ja": "入場口: カードをかざしてください"},
    "card_register": {"en": "Register with your card", "ja": "カードで登録"},
}
