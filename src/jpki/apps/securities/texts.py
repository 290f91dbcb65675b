"""The securities company's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "en": "Demo Securities — TLS client authentication",
        "ja": "デモ証券 — SSL/TLSクライアント認証",
    },
    "intro": {
        "en": "Open an account with your signing certificate, then reach the trading API over HTTPS with your card's authentication certificate as the client certificate: no password.",
        "ja": "署名用電子証明書で口座を開設し、取引APIには利用者証明用電子証明書をクライアント証明書としてHTTPSで接続します。パスワードは不要です。",
    },
    "open": {"en": "Open an account (signing password)", "ja": "口座を開設(署名用パスワード)"},
    "opened": {"en": "Account opened:", "ja": "口座を開設しました:"},
    "endpoint": {
        "en": "Trading API (TLS client authentication)",
        "ja": "取引API(TLSクライアント認証)",
    },
    "server_certificate": {"en": "Server certificate", "ja": "サーバ証明書"},
    "howto": {
        "en": "With the card in a PC/SC reader, OpenSC and OpenSSL's PKCS#11 engine:",
        "ja": "カードをPC/SCリーダーに置き、OpenSCとOpenSSLのPKCS#11エンジンで:",
    },
    "accounts": {"en": "Accounts", "ja": "口座"},
    "access": {"en": "TLS access log", "ja": "TLSアクセス記録"},
}
