"""The housing-loan service's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo Bank — housing loan e-contract", "ja": "デモ銀行 住宅ローン電子契約"},
    "intro": {
        "en": "Sign the loan agreement with your card's signing password: no paper, no seal, no stamp duty. The bank countersigns and the contract is kept verifiable for the life of the loan (PAdES B-LT).",
        "ja": "署名用パスワードで金銭消費貸借契約書に電子署名します。紙・印鑑・印紙は不要です。銀行が電子署名し、返済期間を通じて検証できる長期署名(PAdES B-LT)で保管します。",
    },
    "amount": {"en": "Amount (yen)", "ja": "借入金額(円)"},
    "years": {"en": "Term (years)", "ja": "返済期間(年)"},
    "property": {"en": "Property address", "ja": "物件所在地"},
    "rate": {"en": "Annual rate (variable)", "ja": "金利(変動)"},
    "sign": {"en": "Sign the agreement with the card", "ja": "カードで契約書に署名"},
    "concluded": {"en": "Contract concluded", "ja": "契約が成立しました"},
    "borrower": {
        "en": "Borrower (from the signing certificate)",
        "ja": "借入人(署名用電子証明書より)",
    },
    "monthly": {"en": "Monthly payment", "ja": "毎月返済額"},
    "download": {
        "en": "Download the signed agreement (PDF: your signature, the bank's seal, validation data, time-stamps)",
        "ja": "署名済み契約書をダウンロード(PDF:お客様の署名・銀行の電子署名・検証情報・タイムスタンプ)",
    },
    "signature_receipt": {"en": "Signature check receipt", "ja": "署名検証の受付処理番号"},
    "preservation_receipt": {"en": "Long-term signature receipt", "ja": "長期署名化の受付処理番号"},
    "recent": {"en": "Concluded contracts", "ja": "締結済みの契約"},
    "seal_ca": {"en": "The bank seal's CA certificate", "ja": "銀行の電子署名の認証局証明書"},
}
