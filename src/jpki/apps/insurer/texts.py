"""The life insurer's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo Life Insurance", "ja": "デモ生命保険"},
    "apply": {
        "en": "Apply for a policy (sign with the card)",
        "ja": "保険を申し込む(カードで署名)",
    },
    "enrolled": {"en": "Policy issued:", "ja": "契約が成立しました:"},
    "check": {"en": "Status check before the mailing", "ja": "郵送前の現況確認"},
    "policies": {"en": "Policyholders", "ja": "契約者"},
    "policy": {"en": "Policy", "ja": "証券番号"},
    "name": {"en": "Name", "ja": "氏名"},
    "address": {"en": "Mailing address", "ja": "送付先住所"},
    "situation": {"en": "Situation", "ja": "状況"},
    "action": {"en": "Action", "ja": "対応"},
    "report": {
        "en": "Status check report (seed 002 table)",
        "ja": "現況確認結果(失効情報による判定)",
    },
    "count": {"en": "Count", "ja": "件数"},
    "notifications": {"en": "Change notifications received", "ja": "受信した変更通知"},
    "reports": {"en": "Earlier reports", "ja": "過去の結果"},
}
