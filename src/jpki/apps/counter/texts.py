"""The counter's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo Counter — face-to-face check", "ja": "デモ窓口 対面確認"},
    "intro": {
        "en": "Place the card on the reader and type matching number B from the card face: date of birth (era YYMMDD), the expiry year and the 4-digit security code.",
        "ja": "カードをリーダーに置き、券面の照合番号B（生年月日（和暦YYMMDD）・有効期限の西暦年・セキュリティコード4桁）を入力してください。",
    },
    "reader": {"en": "Card reader", "ja": "カードリーダー"},
    "number_b": {"en": "Matching number B (14 digits)", "ja": "照合番号B（14桁）"},
    "read": {"en": "Read the card", "ja": "カードを読み取る"},
    "no_readers": {
        "en": "No card reader is attached.",
        "ja": "カードリーダーが接続されていません。",
    },
    "check": {"en": "Check", "ja": "確認"},
    "accepted": {"en": "Card confirmed", "ja": "本人確認書類として確認しました"},
    "refused": {"en": "Card refused", "ja": "確認できません"},
    "chip": {
        "en": "What the chip holds (sealed by J-LIS)",
        "ja": "ICチップの券面事項（J-LIS署名）",
    },
    "compare": {
        "en": "Compare with the card in front of you: photo, name, address, date of birth.",
        "ja": "お手元のカードの顔写真・氏名・住所・生年月日と見比べてください。",
    },
    "checks": {"en": "Checks", "ja": "確認結果"},
    "photo": {"en": "Photo", "ja": "顔写真"},
    "name": {"en": "Name", "ja": "氏名"},
    "address": {"en": "Address", "ja": "住所"},
    "birth_date": {"en": "Date of birth", "ja": "生年月日"},
    "sex": {"en": "Sex", "ja": "性別"},
    "expiry": {"en": "Card valid until", "ja": "カードの有効期限"},
    "municipality": {"en": "Issued by", "ja": "交付市区町村"},
    "seal": {"en": "Issuer's seal over the card face", "ja": "券面事項の発行者署名"},
    "certificate": {"en": "Card's certificate (platform)", "ja": "電子証明書（プラットフォーム）"},
    "validity": {"en": "Card validity", "ja": "カードの有効性"},
    "recent": {"en": "Today's checks", "ja": "本日の確認"},
    "checked_at": {"en": "Checked at (JST)", "ja": "確認日時（日本時間）"},
}
