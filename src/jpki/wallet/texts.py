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
    "medium_card": {"en": "card", "ja": "カード"},
    "medium_phone": {"en": "phone", "ja": "スマホ"},
    "phones": {"en": "Your phone", "ja": "スマホ用電子証明書"},
    "phone_issue": {"en": "Issue to this phone from my card", "ja": "カードからスマホに発行する"},
    "phone_issue_intro": {
        "en": "Hold your My Number card to the phone and enter its signing password. The phone "
        "makes its own keys and gets its own PIN and password; J-LIS issues its certificates "
        "with the card's 4 information. One phone at a time: stop the old one first.",
        "ja": "マイナンバーカードをスマホにかざし、署名用パスワードを入力してください。スマホは自分の"
        "鍵を作り、スマホ専用の暗証番号とパスワードを持ちます。J-LISがカードの基本4情報で"
        "電子証明書を発行します。スマホは1台まで。古いスマホは先に利用停止してください。",
    },
    "phone_card": {"en": "Card to issue from", "ja": "発行に使うカード"},
    "card_sign_password": {
        "en": "The card's signing password (6-16 characters)",
        "ja": "カードの署名用パスワード（6〜16桁）",
    },
    "phone_pin": {
        "en": "New PIN for the phone (4 digits)",
        "ja": "スマホ用の利用者証明用暗証番号（数字4桁）",
    },
    "phone_password": {
        "en": "New signing password for the phone (6-16 capital letters and digits)",
        "ja": "スマホ用の署名用パスワード（英大文字と数字6〜16桁）",
    },
    "phone_issued": {
        "en": "Issued. This phone now answers logins and signatures with its own PIN.",
        "ja": "発行しました。このスマホで、スマホ用の暗証番号によりログインと署名ができます。",
    },
    "phone_none": {
        "en": "No card here can issue a phone (a card needs a signing certificate).",
        "ja": "スマホ用電子証明書を発行できるカードがありません（署名用電子証明書が必要です）。",
    },
}

__all__ = ["TEXT"]
