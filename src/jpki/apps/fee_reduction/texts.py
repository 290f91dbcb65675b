"""The fee-reduction service's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Fee reduction", "ja": "手数料・保険料等の減免"},
    "intro": {
        "en": "The welfare office certifies your grounds for a reduction once, as an attribute certificate bound to you through your My Number card (no My Number, no name in it). Other offices accept the reduction when you show the certificate and log in with the same card.",
        "ja": "福祉事務所が減免の事由を一度だけ、マイナンバーカードであなたに結び付けた属性証明書として証明します(マイナンバーや氏名は入りません)。他の窓口では、その証明書と同じカードでのログインで減免を受け付けます。",
    },
    "welfare": {"en": "Welfare office (issue a certificate)", "ja": "福祉事務所(証明書の発行)"},
    "nursery": {"en": "Nursery-fee desk (apply for a reduction)", "ja": "保育料の窓口(減免の申請)"},
    "grounds": {"en": "Grounds", "ja": "減免事由"},
    "issue": {"en": "Log in with my card and issue", "ja": "カードでログインして発行"},
    "issued": {"en": "Certificate of grounds issued", "ja": "減免事由証明書を発行しました"},
    "issued_note": {
        "en": "Keep this certificate (base64) and paste it where you apply. The office can revoke it if your situation changes.",
        "ja": "この証明書(base64)を保存し、申請先に貼り付けてください。事情が変わると福祉事務所が失効させることがあります。",
    },
    "serial": {"en": "Serial", "ja": "シリアル番号"},
    "valid_until": {"en": "Valid until", "ja": "有効期限"},
    "download": {"en": "Download (DER)", "ja": "ダウンロード (DER)"},
    "revoke": {"en": "Revoke this certificate (office)", "ja": "この証明書を失効させる(窓口)"},
    "revoked": {"en": "The certificate was revoked.", "ja": "証明書を失効させました。"},
    "paste": {
        "en": "Your certificate of grounds (base64 or PEM)",
        "ja": "減免事由証明書(base64 または PEM)",
    },
    "apply": {"en": "Log in with my card and apply", "ja": "カードでログインして申請"},
    "accepted": {"en": "Reduction accepted", "ja": "減免を受け付けました"},
    "refused": {"en": "Reduction refused", "ja": "減免を受け付けられません"},
    "reason": {"en": "Reason", "ja": "理由"},
    "unreadable": {
        "en": "the pasted text is not base64 or PEM",
        "ja": "貼り付けられた内容が base64 または PEM ではありません",
    },
    "not_fee_reduction": {
        "en": "the attribute certificate is not a certificate of grounds for a reduction",
        "ja": "減免事由証明書ではありません",
    },
    "back": {"en": "Back", "ja": "戻る"},
    "applications": {"en": "Applications so far", "ja": "これまでの申請"},
    "count_accepted": {"en": "accepted", "ja": "受付"},
    "count_refused": {"en": "refused", "ja": "拒否"},
    "ground_public-assistance": {"en": "public assistance", "ja": "生活保護受給"},
    "ground_single-parent": {"en": "single-parent household", "ja": "ひとり親世帯"},
    "ground_disability": {"en": "disability certificate holder", "ja": "障害者手帳所持"},
    "ground_tax-exempt": {"en": "residence-tax exempt household", "ja": "住民税非課税世帯"},
}
