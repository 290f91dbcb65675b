"""The HPKI authority's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "HPKI signing CA (sandbox)", "ja": "HPKI 署名用認証局 (サンドボックス)"},
    "intro": {
        "en": "Signing certificates for doctors and pharmacists: they carry the qualification and no address. Apply with the doctor's client after signing the application with your My Number card.",
        "ja": "医師・薬剤師の署名用電子証明書です。資格を記載し、住所は記載しません。マイナンバーカードで申請書に署名し、HPKI クライアントから申請します。",
    },
    "issued": {"en": "Certificates issued", "ja": "発行済みの証明書"},
    "serial": {"en": "Serial", "ja": "シリアル番号"},
    "qualification": {"en": "Qualification", "ja": "資格"},
    "name": {"en": "Name", "ja": "氏名"},
    "valid_until": {"en": "Valid until", "ja": "有効期限"},
    "status": {"en": "Status", "ja": "状態"},
    "revoked": {"en": "revoked", "ja": "失効"},
    "valid": {"en": "valid", "ja": "有効"},
    "published": {"en": "Published", "ja": "公開情報"},
    "ca": {"en": "CA certificate", "ja": "認証局証明書"},
    "crl": {
        "en": "CRL (updated at each revocation, next update within a day)",
        "ja": "CRL (失効のたびに更新、次回更新は1日以内)",
    },
    "none": {"en": "No certificate issued yet.", "ja": "まだ発行していません。"},
}
