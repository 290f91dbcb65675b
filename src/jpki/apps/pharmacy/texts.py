"""The pharmacy's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "en": "Pharmacy — e-prescriptions and medicine notebook",
        "ja": "薬局 電子処方箋と電子お薬手帳",
    },
    "intro": {
        "en": "Bring the e-prescription file your clinic gave you and your My Number card. The pharmacist checks the doctor's HPKI signature, then your card, and records what was dispensed in your medicine notebook.",
        "ja": "医療機関で受け取った電子処方箋のファイルとマイナンバーカードをお持ちください。薬剤師が医師の HPKI 署名を確認し、カードで本人を確認して、調剤の記録をお薬手帳に残します。",
    },
    "register": {"en": "Register my card at this pharmacy", "ja": "この薬局にカードを登録"},
    "registered": {
        "en": "Your card is registered: you can now receive medicines and see your medicine notebook.",
        "ja": "カードを登録しました。調剤とお薬手帳をご利用いただけます。",
    },
    "dispense_heading": {"en": "Dispensing (調剤)", "ja": "調剤"},
    "prescription_file": {
        "en": "Signed e-prescription file (.p7m)",
        "ja": "署名付き電子処方箋ファイル (.p7m)",
    },
    "check": {"en": "Check the prescription", "ja": "処方箋を確認"},
    "notebook": {
        "en": "My medicine notebook (log in with the card)",
        "ja": "電子お薬手帳を見る (カードでログイン)",
    },
    "notebook_heading": {"en": "Medicine notebook", "ja": "お薬手帳"},
    "notebook_of": {"en": "Medicine notebook of", "ja": "お薬手帳:"},
    "no_history": {"en": "No medicines dispensed yet.", "ja": "まだ調剤の記録はありません。"},
    "dispensed": {
        "en": "Dispensed. Recorded in your medicine notebook as No.",
        "ja": "調剤しました。お薬手帳の記録番号:",
    },
    "dispensed_at": {"en": "Dispensed at", "ja": "調剤日時"},
    "prescribed_at": {"en": "Prescribed at", "ja": "処方日時"},
    "clinic": {"en": "Clinic code", "ja": "医療機関コード"},
    "doctor": {"en": "Doctor (HPKI)", "ja": "処方医 (HPKI)"},
    "medicine": {"en": "Medicine", "ja": "薬剤"},
    "dose": {"en": "Dose", "ja": "用法・用量"},
    "days": {"en": "Days", "ja": "日数"},
    "patient": {"en": "Patient", "ja": "患者"},
    "birth_date": {"en": "Date of birth", "ja": "生年月日"},
    "checked": {
        "en": "The prescription is signed by a doctor and stands. Now the patient logs in with the card.",
        "ja": "医師の署名を確認しました。続いて患者さんがカードで本人確認をします。",
    },
    "refused": {"en": "Not dispensed", "ja": "調剤できません"},
    "verdict_malformed": {
        "en": "the file is not a signed e-prescription",
        "ja": "署名付き電子処方箋のファイルではありません",
    },
    "verdict_invalid-signature": {
        "en": "the prescription was changed after the doctor signed it",
        "ja": "医師の署名後に処方箋が改ざんされています",
    },
    "verdict_untrusted": {
        "en": "the signature is not under the HPKI certification authority",
        "ja": "HPKI 認証局の証明書による署名ではありません",
    },
    "verdict_expired": {
        "en": "the doctor's HPKI certificate is not valid now",
        "ja": "医師の HPKI 証明書は有効期間外です",
    },
    "verdict_revoked": {
        "en": "the doctor's HPKI certificate has been revoked",
        "ja": "医師の HPKI 証明書は失効しています",
    },
    "verdict_no-revocation-info": {
        "en": "the HPKI authority's revocation list could not be had; try again",
        "ja": "HPKI 認証局の失効リストを取得できません。もう一度お試しください",
    },
    "verdict_not-a-doctor": {
        "en": "the signer is not a doctor (the HPKI certificate names another qualification)",
        "ja": "署名者は医師ではありません (HPKI 証明書の資格が医師ではありません)",
    },
    "verdict_wrong-patient": {
        "en": "this prescription is for someone else",
        "ja": "この処方箋は別の方のものです",
    },
    "verdict_already-dispensed": {
        "en": "this prescription has already been dispensed",
        "ja": "この処方箋は調剤済みです",
    },
    "verdict_other-prescription": {
        "en": "the signature is over another prescription",
        "ja": "署名は別の処方箋に対するものです",
    },
    "verdict_valid": {"en": "valid", "ja": "有効"},
    "count": {"en": "Dispensings recorded", "ja": "調剤の記録件数"},
}
