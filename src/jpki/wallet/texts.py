"""The wallet's texts, English and Japanese."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "My Number card wallet", "ja": "マイナンバーカード ウォレット"},
    "cards": {"en": "Your cards", "ja": "カード"},
    "no_request": {
        "en": "Scan a login code from a website to start.",
        "ja": "ウェブサイトのログイン用コードを読み取ってください。",
    },
    "login_for": {"en": "Log in to", "ja": "ログイン先"},
    "sign_for": {"en": "Sign for", "ja": "署名の依頼元"},
    "items": {"en": "It will receive", "ja": "提供される情報"},
    "level": {"en": "Required level", "ja": "必要な認証レベル"},
    "card": {"en": "Card", "ja": "カード"},
    "method": {"en": "How", "ja": "認証方法"},
    "method_pin": {"en": "With my PIN (4 digits)", "ja": "利用者証明用暗証番号（4桁）"},
    "method_pinless": {
        "en": "Without PIN, at this registered terminal",
        "ja": "暗証番号なし（登録端末）",
    },
    "method_certificate": {"en": "Show the certificate only", "ja": "証明書の提示のみ"},
    "pin": {"en": "PIN (4 digits)", "ja": "利用者証明用暗証番号（4桁）"},
    "sign_password": {
        "en": "Signing password (6-16 characters)",
        "ja": "署名用電子証明書の暗証番号（6〜16桁）",
    },
    "document": {"en": "Document", "ja": "文書"},
    "approve": {"en": "Approve", "ja": "承認する"},
    "refuse": {"en": "Refuse", "ja": "拒否する"},
    "done_login": {
        "en": "Done. Return to the website on your computer.",
        "ja": "完了しました。パソコンのウェブサイトに戻ってください。",
    },
    "done_sign": {"en": "Signed.", "ja": "署名しました。"},
    "refused": {"en": "Refused.", "ja": "拒否しました。"},
    "failed": {"en": "Not done", "ja": "完了できませんでした"},
    "tries_left": {"en": "Tries left before the card blocks it", "ja": "ロックまでの残り回数"},
    "back": {"en": "Back to the service", "ja": "サービスに戻る"},
    "no_signing_certificate": {
        "en": "no signing certificate (under 15)",
        "ja": "署名用電子証明書なし（15歳未満）",
    },
    "blocked_help": {
        "en": "A blocked PIN can be reset at your municipal office (市区町村の窓口) with your card and ID.",
        "ja": "ロックされた暗証番号は、カードを持って市区町村の窓口で再設定できます。",
    },
}

__all__ = ["TEXT"]
