"""The kiosk's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Convenience-store kiosk", "ja": "コンビニ交付(マルチコピー機)"},
    "record": {
        "en": "Copy of the resident record (signing password)",
        "ja": "住民票の写し(署名用パスワード)",
    },
    "identify": {"en": "Identity check with an identification number", "ja": "識別番号で本人確認"},
    "number": {"en": "Identification number (12 digits)", "ja": "識別番号(12桁)"},
    "issued": {"en": "Your copy is ready:", "ja": "住民票の写しを発行しました:"},
    "download": {
        "en": "Download (PDF, sealed by the municipality)",
        "ja": "ダウンロード(市区町村の電子署名付きPDF)",
    },
    "identified": {"en": "Identity check completed for", "ja": "本人確認が完了しました:"},
    "online": {
        "en": "Demo online service without a card reader",
        "ja": "カードリーダーのないオンラインサービス(デモ)",
    },
    "apply": {"en": "Apply: get an identification number", "ja": "申し込む(識別番号を受け取る)"},
    "bring": {
        "en": "Bring this number and your card to a convenience store:",
        "ja": "この番号とカードを持ってコンビニへ:",
    },
    "state": {"en": "Identity check", "ja": "本人確認"},
}
