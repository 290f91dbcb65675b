"""The e-application sites' page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "login": {
        "en": "Log in with My Number card (government authentication platform)",
        "ja": "マイナンバーカードでログイン(政府認証基盤)",
    },
    "welcome": {"en": "Logged in", "ja": "ログイン中"},
    "file": {"en": "File", "ja": "申請する"},
    "filed": {"en": "Your applications", "ja": "あなたの申請"},
    "logout": {"en": "Log out (here and at the IdP)", "ja": "ログアウト(このサイトと認証基盤)"},
    "sso": {
        "en": "One card login serves every site of the platform.",
        "ja": "一度のカードログインで全サイトを利用できます。",
    },
}
