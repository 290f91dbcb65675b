"""The employer's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "en": "Demo Corporation — staff ID on the card",
        "ja": "デモ商事 マイナンバーカード職員証",
    },
    "intro": {
        "en": "HR writes your staff ID into the free area of your My Number card after checking the card's certificate; the gate then opens when you touch the card, with no PIN. The gate learns only your employee number.",
        "ja": "人事部がカードの電子証明書を確認したうえで、マイナンバーカードの空き領域に職員証を書き込みます。ゲートではカードをかざすだけで暗証番号は不要です。ゲートが知るのは社員番号だけです。",
    },
    "hr": {"en": "HR desk: issue a staff ID", "ja": "人事部窓口: 職員証の発行"},
    "reader": {"en": "Card reader", "ja": "カードリーダー"},
    "employee": {"en": "Employee number (E + 6 digits)", "ja": "社員番号（E＋6桁）"},
    "name": {"en": "Name", "ja": "氏名"},
    "pin": {
        "en": "The card's user-authentication PIN (4 digits), typed by the employee",
        "ja": "利用者証明用暗証番号（4桁、ご本人が入力）",
    },
    "issue": {
        "en": "Check the card and write the staff ID",
        "ja": "カードを確認して職員証を書き込む",
    },
    "no_readers": {
        "en": "No card reader is attached.",
        "ja": "カードリーダーが接続されていません。",
    },
    "issued": {"en": "Staff IDs issued", "ja": "発行済みの職員証"},
    "issued_at": {"en": "Issued at (JST)", "ja": "発行日時（日本時間）"},
    "active": {"en": "active", "ja": "有効"},
    "inactive": {"en": "revoked", "ja": "失効"},
    "revoke": {"en": "Revoke", "ja": "失効させる"},
    "to_gate": {"en": "The automated gate", "ja": "自動ゲート"},
    "gate_title": {"en": "Automated gate", "ja": "自動ゲート"},
    "gate": {"en": "Gate", "ja": "ゲート"},
    "touch": {"en": "Touch the card (no PIN)", "ja": "カードをかざす（暗証番号不要）"},
    "verdict_admitted": {"en": "Welcome — the gate opens", "ja": "ゲートが開きます"},
    "verdict_refused": {"en": "The gate stays closed", "ja": "ゲートは開きません"},
    "log": {"en": "Gate log", "ja": "ゲート記録"},
    "at": {"en": "Time (JST)", "ja": "日時（日本時間）"},
    "reason_admitted": {"en": "admitted", "ja": "入館"},
    "reason_no-staff-id": {
        "en": "no staff ID on this card",
        "ja": "このカードに職員証がありません",
    },
    "reason_unknown-employee": {
        "en": "employee number not registered",
        "ja": "登録のない社員番号です",
    },
    "reason_revoked": {"en": "staff ID revoked", "ja": "職員証は失効しています"},
    "reason_forged": {
        "en": "the card's key is not the one HR registered",
        "ja": "カードの鍵が人事部の登録と一致しません",
    },
    "back_hr": {"en": "HR desk", "ja": "人事部窓口"},
}
