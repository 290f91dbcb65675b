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
    "prescribe": {
        "en": "Write an e-prescription for this patient",
        "ja": "この患者さんの電子処方箋を書く",
    },
    "prescription": {"en": "E-prescription", "ja": "電子処方箋"},
    "patient": {"en": "Patient", "ja": "患者"},
    "medicine": {"en": "Medicine", "ja": "薬剤"},
    "dose": {"en": "Dose", "ja": "用法・用量"},
    "days": {"en": "Days", "ja": "日数"},
    "write": {"en": "Write the prescription", "ja": "処方箋を作成"},
    "access_code": {"en": "Access code (引換番号)", "ja": "引換番号"},
    "to_sign": {
        "en": "The doctor signs this exact document with the HPKI key on the doctor's own client, then hands in the signature file here. The clinic never holds the key.",
        "ja": "医師はこの文書そのものに、医師自身の HPKI クライアントの鍵で署名し、署名ファイルをここで提出します。医療機関は鍵を持ちません。",
    },
    "content": {"en": "Document to sign (JSON)", "ja": "署名する文書 (JSON)"},
    "signature_file": {
        "en": "Doctor's signature file (CMS, .p7m)",
        "ja": "医師の署名ファイル (CMS, .p7m)",
    },
    "hand_in": {"en": "Hand in the signature", "ja": "署名を提出"},
    "signed_by": {"en": "Signed by (HPKI, doctor)", "ja": "署名した医師 (HPKI)"},
    "download": {
        "en": "Signed e-prescription for the patient (take it to the pharmacy)",
        "ja": "患者さん用の署名付き電子処方箋 (薬局にお持ちください)",
    },
    "refused": {"en": "Signature not accepted", "ja": "署名を受け付けられません"},
    "verdict_malformed": {
        "en": "the file is not a signed e-prescription",
        "ja": "署名付き電子処方箋のファイルではありません",
    },
    "verdict_invalid-signature": {
        "en": "the prescription was changed after it was signed",
        "ja": "署名後に処方箋が改ざんされています",
    },
    "verdict_untrusted": {
        "en": "the signature is not under the HPKI certification authority",
        "ja": "HPKI 認証局の証明書による署名ではありません",
    },
    "verdict_expired": {
        "en": "the HPKI certificate is not valid now",
        "ja": "HPKI 証明書は有効期間外です",
    },
    "verdict_revoked": {
        "en": "the HPKI certificate has been revoked",
        "ja": "HPKI 証明書は失効しています",
    },
    "verdict_no-revocation-info": {
        "en": "the HPKI authority's revocation list could not be had; try again",
        "ja": "HPKI 認証局の失効リストを取得できません。もう一度お試しください",
    },
    "verdict_not-a-doctor": {
        "en": "the signer is not a doctor",
        "ja": "署名者は医師ではありません",
    },
    "verdict_other-prescription": {
        "en": "the signature is over another prescription",
        "ja": "署名は別の処方箋に対するものです",
    },
}
