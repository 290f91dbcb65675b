"""The clinic reception's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "en": "Clinic reception — online qualification confirmation",
        "ja": "医療機関受付 オンライン資格確認",
    },
    "intro": {
        "en": "Use your My Number card as your health insurance card: link it once, then just touch it at reception.",
        "ja": "マイナンバーカードを健康保険証として利用できます。一度申し込めば、受付でカードを置くだけです。",
    },
    "link": {"en": "Link my card to my health insurance", "ja": "健康保険証として利用登録"},
    "reception": {"en": "Reception terminal", "ja": "受付端末"},
    "linked": {"en": "Linked: insured number", "ja": "登録しました: 被保険者番号"},
    "qualified": {"en": "Qualification confirmed", "ja": "資格を確認しました"},
    "not_qualified": {"en": "No valid qualification", "ja": "有効な資格が確認できません"},
    "outcome_not-linked": {
        "en": "this card is not registered as a health insurance card yet",
        "ja": "このカードは保険証として登録されていません",
    },
    "outcome_expired-qualification": {
        "en": "the insurance has ended",
        "ja": "資格の有効期限が切れています",
    },
    "outcome_refused": {
        "en": "the card was not accepted",
        "ja": "カードを確認できませんでした",
    },
    "outcome_code": {"en": "code", "ja": "コード"},
    "offline": {"en": "offline", "ja": "オフライン"},
    "reconciled_confirmed": {"en": "confirmed", "ja": "確認済み"},
    "reconciled_revoked-since": {"en": "revoked since", "ja": "その後失効"},
    "reconciled_unknown-card": {"en": "unknown card", "ja": "不明なカード"},
    "insured_number": {"en": "Insured number", "ja": "被保険者番号"},
    "insurer": {"en": "Insurer", "ja": "保険者"},
    "name": {"en": "Name", "ja": "氏名"},
    "birth_date": {"en": "Date of birth", "ja": "生年月日"},
    "copay": {"en": "Co-payment", "ja": "一部負担金の割合"},
    "reception_number": {"en": "Reception processing number", "ja": "受付処理番号"},
    "evidence": {"en": "Checks (who, when, where)", "ja": "確認記録(誰が・いつ・どこで)"},
    "next": {"en": "Next patient", "ja": "次の方"},
}
