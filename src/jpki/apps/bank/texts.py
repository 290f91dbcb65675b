"""The bank's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo Bank & Securities", "ja": "デモ銀行・デモ証券"},
    "intro": {
        "en": "Open an account online with your My Number card: no documents, no post.",
        "ja": "マイナンバーカードでオンライン口座開設。書類の郵送は不要です。",
    },
    "open_savings": {"en": "Open a savings account", "ja": "普通預金口座を開設"},
    "open_securities": {"en": "Open a securities account", "ja": "証券口座を開設"},
    "log_in": {"en": "Log in with My Number card", "ja": "マイナンバーカードでログイン"},
    "opened": {"en": "Your account is open", "ja": "口座を開設しました"},
    "from_certificate": {
        "en": "Filled in from your signing certificate (verified by the platform):",
        "ja": "署名用電子証明書から記入しました(プラットフォームで検証済み):",
    },
    "foreign": {
        "en": "Foreign resident (name as on the residence record)",
        "ja": "外国人住民(住民票の氏名)",
    },
    "name": {"en": "Name", "ja": "氏名"},
    "address": {"en": "Address", "ja": "住所"},
    "birth_date": {"en": "Date of birth", "ja": "生年月日"},
    "sex": {"en": "Sex", "ja": "性別"},
    "account": {"en": "Account", "ja": "口座"},
    "kind": {"en": "Kind", "ja": "種類"},
    "choose": {
        "en": "Several accounts are linked to this card. Which one?",
        "ja": "このカードには複数の口座が紐付いています。どの口座を使いますか?",
    },
    "welcome": {"en": "Welcome", "ja": "ようこそ"},
    "logins": {"en": "Recent logins", "ja": "最近のログイン"},
    "assurance": {"en": "Assurance", "ja": "認証方式"},
    "loan": {"en": "Housing loan e-contract", "ja": "住宅ローン電子契約"},
    "inheritance": {"en": "Inheritance desk", "ja": "相続手続窓口"},
    "inheritance_intro": {
        "en": "Deaths of account holders the signature verification platform notified. An account is frozen when its holder asked for it in advance through the death one-stop; otherwise the bank only learns that the certificates were revoked and waits for the family.",
        "ja": "署名検証プラットフォームから通知された口座名義人の死亡です。死亡・相続ワンストップで事前に依頼があった口座は凍結します。依頼がない場合は電子証明書の失効が分かるだけで、ご家族からの連絡を待ちます。",
    },
    "no_notices": {"en": "No death has been notified.", "ja": "死亡の通知はありません。"},
    "frozen": {"en": "frozen (death one-stop)", "ja": "凍結 (死亡・相続ワンストップ)"},
    "not_frozen": {
        "en": "not frozen: revocation only, no request",
        "ja": "凍結なし (失効の通知のみ・依頼なし)",
    },
    "noticed_at": {"en": "Notified (JST)", "ja": "通知日時 (JST)"},
    "procedure": {"en": "Procedure", "ja": "手続"},
}
