"""The demo RP's words, in English and Japanese: its pages, and what an ID token's claims mean."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo RP (a site using the IdP)", "ja": "デモRP (IdP を使うサイト)"},
    "intro": {
        "en": "A company's site that asks the IdP to log you in with your My Number card."
        " Choose the level of assurance it asks for.",
        "ja": "IdP にマイナンバーカードでのログインを依頼する企業のサイトです。求める認証レベルを"
        "選んでください。",
    },
    "login": {"en": "Log in with My Number card", "ja": "マイナンバーカードでログイン"},
    "welcome": {
        "en": "Welcome. This is what the IdP told this site:",
        "ja": "ようこそ。IdP がこのサイトに伝えた内容です:",
    },
    "claim": {"en": "Claim", "ja": "項目"},
    "value": {"en": "Value", "ja": "値"},
    "meaning": {"en": "Meaning", "ja": "意味"},
    "sign": {"en": "Sign a document", "ja": "文書に署名"},
    "logout": {"en": "Log out", "ja": "ログアウト"},
    "logged_out": {
        "en": "You are logged out, here and at the IdP (and so at the other sites you used"
        " through it).",
        "ja": "このサイトと IdP からログアウトしました (IdP を通じて利用した他のサイトからも"
        "ログアウトします)。",
    },
    "back": {"en": "Back", "ja": "戻る"},
    "document": {"en": "Document", "ja": "文書"},
    "outcome": {"en": "Outcome", "ja": "結果"},
    "receipt": {"en": "Receipt", "ja": "受付番号"},
    "signer": {"en": "Signer (your ID here)", "ja": "署名者 (このサイトでのID)"},
    "the_document": {"en": "the document", "ja": "文書"},
    "the_signature": {"en": "the signature (CMS) and certificate", "ja": "署名 (CMS) と証明書"},
    "state_signed": {"en": "signed", "ja": "署名されました"},
    "state_refused": {"en": "refused by you", "ja": "拒否されました"},
    "state_pending": {"en": "waiting for the card", "ja": "署名待ち"},
    "state_expired": {"en": "expired", "ja": "期限切れ"},
    "idp_refused": {"en": "The IdP refused the request", "ja": "IdP が要求を受け付けませんでした"},
    "not_logged_in": {"en": "You are not logged in", "ja": "ログインしていません"},
    "document_name": {"en": "Terms", "ja": "利用規約"},
}

CLAIMS: dict[str, dict[str, str]] = {
    "sub": {"en": "your ID at this site (pairwise)", "ja": "このサイト用のあなたのID"},
    "iss": {"en": "issuer", "ja": "発行者"},
    "aud": {"en": "audience", "ja": "宛先"},
    "iat": {"en": "issued", "ja": "発行時刻"},
    "exp": {"en": "expires", "ja": "有効期限"},
    "auth_time": {"en": "authenticated", "ja": "認証時刻"},
    "acr": {"en": "assurance level", "ja": "認証レベル"},
    "amr": {"en": "authentication methods", "ja": "認証方法"},
    "name": {"en": "name", "ja": "氏名"},
    "address": {"en": "address", "ja": "住所"},
    "birthdate": {"en": "birth date", "ja": "生年月日"},
    "gender": {"en": "sex", "ja": "性別"},
    "nonce": {"en": "nonce (replay protection)", "ja": "リプレイ防止値"},
    "sid": {"en": "session", "ja": "セッションID"},
    "at_hash": {"en": "access token hash", "ja": "アクセストークンのハッシュ"},
}
GENDER: dict[str, dict[str, str]] = {
    "male": {"en": "male", "ja": "男性"},
    "female": {"en": "female", "ja": "女性"},
    "other": {"en": "not applicable", "ja": "適用不能"},
}
AMR: dict[str, dict[str, str]] = {
    "hwk": {"en": "hardware key", "ja": "ハードウェア鍵"},
    "pin": {"en": "PIN", "ja": "暗証番号"},
    "card": {"en": "My Number card", "ja": "マイナンバーカード"},
    "phone": {"en": "smartphone", "ja": "スマートフォン"},
    "user": {"en": "user verification", "ja": "利用者の確認"},
}

__all__ = ["AMR", "CLAIMS", "GENDER", "TEXT"]
