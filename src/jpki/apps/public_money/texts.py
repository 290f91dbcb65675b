"""The public-money registry's and the municipality's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Public-money receiving account", "ja": "公金受取口座"},
    "intro": {
        "en": "Register the bank account that receives public money (benefits, refunds) once, signed with your My Number card. Municipalities then pay into it without asking for your account again.",
        "ja": "給付金や還付金などを受け取る口座を、マイナンバーカードの署名で一度登録します。以後、自治体は口座情報を改めて尋ねることなく振り込みます。",
    },
    "register": {
        "en": "Register with the card (signing password)",
        "ja": "カードで登録 (署名用パスワード)",
    },
    "bank": {"en": "Bank", "ja": "金融機関"},
    "branch": {"en": "Branch code (3 digits)", "ja": "支店番号 (3桁)"},
    "kind": {"en": "Account type", "ja": "預金種目"},
    "number": {"en": "Account number (7 digits)", "ja": "口座番号 (7桁)"},
    "holder_kana": {"en": "Account holder (katakana)", "ja": "口座名義 (カタカナ)"},
    "see_mine": {
        "en": "See my registered account (card login)",
        "ja": "登録した口座を確認 (カードでログイン)",
    },
    "mine": {"en": "Your public-money receiving account", "ja": "あなたの公金受取口座"},
    "none": {
        "en": "No account is registered for this card's holder.",
        "ja": "このカードの方の口座は登録されていません。",
    },
    "registered_at": {"en": "Registered", "ja": "登録日時"},
    "received": {"en": "Public money received", "ja": "受け取った公金"},
    "desk": {"en": "Municipality's benefit desk", "ja": "自治体の給付窓口"},
    "desk_intro": {
        "en": "Pay a benefit into the registered accounts of everyone registered in the municipality. Each person is checked at the platform first (status check); a death, an emigration or a changed address holds the payment.",
        "ja": "自治体に住む登録者全員の公金受取口座に給付金を振り込みます。先にプラットフォームで現況確認を行い、死亡・国外転出・住所変更の方は保留にします。",
    },
    "municipality": {"en": "Municipality", "ja": "自治体"},
    "benefit": {"en": "Benefit", "ja": "給付金"},
    "pay": {"en": "Pay the benefit", "ja": "給付金を振り込む"},
    "run": {"en": "This payment run", "ja": "今回の振込"},
    "nobody": {"en": "Nobody left to pay.", "ja": "振込対象の方はいません。"},
    "history": {"en": "Payments of this benefit", "ja": "この給付金の振込記録"},
    "amount": {"en": "Amount (yen)", "ja": "金額 (円)"},
    "account": {"en": "Account", "ja": "口座"},
    "outcome": {"en": "Outcome", "ja": "結果"},
    "outcome_paid": {"en": "paid", "ja": "振込済み"},
    "outcome_died": {"en": "held: died", "ja": "保留: 死亡"},
    "outcome_died-or-emigrated": {
        "en": "held: died or emigrated",
        "ja": "保留: 死亡または国外転出",
    },
    "outcome_emigrated": {"en": "held: emigrated", "ja": "保留: 国外転出"},
    "outcome_lost-or-emigrated": {
        "en": "held: card lost or emigrated",
        "ja": "保留: カード紛失または国外転出",
    },
    "outcome_details-changed": {
        "en": "held: address may have changed",
        "ja": "保留: 住所変更の可能性",
    },
    "outcome_revoked-other": {"en": "held: certificate revoked", "ja": "保留: 証明書失効"},
    "outcome_expired": {"en": "held: certificate expired", "ja": "保留: 証明書期限切れ"},
    "outcome_unknown": {"en": "held: status unknown", "ja": "保留: 現況不明"},
    "outcome_unknown-reference": {"en": "held: not linked", "ja": "保留: 紐付けなし"},
    "when": {"en": "When (JST)", "ja": "日時 (JST)"},
}
