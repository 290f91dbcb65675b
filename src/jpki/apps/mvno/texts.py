"""The MVNO counter's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo Mobile — store counter", "ja": "デモモバイル 店頭受付"},
    "intro": {
        "en": "The customer places the card on the reader and signs the terms with the signing password. No form, no photocopy.",
        "ja": "お客様がカードをリーダーに置き、署名用パスワードで利用規約に電子署名します。申込書の記入もコピーも不要です。",
    },
    "sign_terms": {"en": "Sign the terms with the card", "ja": "カードで利用規約に署名"},
    "contract": {"en": "Contract", "ja": "契約"},
    "done": {"en": "Contract concluded", "ja": "契約が成立しました"},
    "verified": {
        "en": "Identity verified from the signing certificate:",
        "ja": "署名用電子証明書で本人確認済み:",
    },
    "phone": {"en": "Phone number", "ja": "電話番号"},
    "recent": {"en": "Today's contracts", "ja": "本日の契約"},
    "name": {"en": "Name", "ja": "氏名"},
    "address": {"en": "Address", "ja": "住所"},
    "birth_date": {"en": "Date of birth", "ja": "生年月日"},
}
