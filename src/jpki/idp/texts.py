"""The IdP's page texts, English and Japanese."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Log in with My Number card", "ja": "マイナンバーカードでログイン"},
    "home_intro": {
        "en": "An OpenID Connect provider: any website can let you log in and sign with your My Number card.",
        "ja": "OpenID Connect プロバイダ: どのウェブサイトでもマイナンバーカードでログイン・電子署名ができます。",
    },
    "account": {"en": "Your account", "ja": "アカウント"},
    "discovery": {"en": "OpenID configuration (discovery)", "ja": "OpenID の公開設定"},
    "asks": {"en": "asks you to log in", "ja": "がログインを求めています"},
    "level": {"en": "Required level", "ja": "必要な認証レベル"},
    "scan": {
        "en": "Scan this code with your wallet app, or open the wallet on this device:",
        "ja": "ウォレットアプリでこのコードを読み取るか、この端末でウォレットを開いてください:",
    },
    "same_device": {"en": "Open the wallet on this device", "ja": "この端末でウォレットを開く"},
    "waiting": {"en": "Waiting for your card…", "ja": "カードの操作を待っています…"},
    "failed": {"en": "The card login failed:", "ja": "カードによるログインに失敗しました:"},
    "rp_verified": {"en": "verified name", "ja": "確認済み"},
    "rp_unverified": {
        "en": "unverified name (given by the service itself), answers at",
        "ja": "未確認の名称 (サービス自身の申告) 、応答先",
    },
    "consent_title": {"en": "Share with", "ja": "情報の提供先"},
    "consent_items": {"en": "will receive:", "ja": "に次の情報を提供します:"},
    "approve": {"en": "Allow", "ja": "許可する"},
    "deny": {"en": "Deny", "ja": "拒否する"},
    "consent_note": {
        "en": "You can withdraw this at any time on your account page.",
        "ja": "この同意はアカウントページでいつでも取り消せます。",
    },
    "consents": {"en": "Services you share with", "ja": "情報を提供しているサービス"},
    "none": {
        "en": "You have not consented to any service yet.",
        "ja": "同意したサービスはまだありません。",
    },
    "revoke": {"en": "Withdraw", "ja": "取り消す"},
    "granted": {"en": "Granted", "ja": "同意日時"},
    "items": {"en": "Items", "ja": "項目"},
    "error": {"en": "Error", "ja": "エラー"},
    "logged_out": {"en": "Logged out", "ja": "ログアウトしました"},
    "logged_out_text": {"en": "You are logged out.", "ja": "ログアウトしました。"},
    "logout_confirm": {"en": "Log out?", "ja": "ログアウトしますか?"},
    "logout_confirm_text": {
        "en": "A service asks to end your login at this IdP. Log out of every service that"
        " uses it?",
        "ja": "サービスがこの IdP でのログインの終了を求めています。この IdP を使うすべての"
        "サービスからログアウトしますか?",
    },
    "logout_yes": {"en": "Log out", "ja": "ログアウトする"},
    "logging_out": {
        "en": "Logging you out of the services you used…",
        "ja": "利用したサービスからログアウトしています…",
    },
    "logout_continue": {"en": "Continue", "ja": "続ける"},
    "sign_title": {"en": "Signature request", "ja": "電子署名の依頼"},
    "sign_asks": {"en": "asks you to sign", "ja": "が次の文書への署名を求めています"},
    "sign_back": {"en": "Back to the service", "ja": "サービスに戻る"},
    "sign_done": {
        "en": "Signed. You can close this page.",
        "ja": "署名しました。このページを閉じてください。",
    },
    "sign_refused": {"en": "You refused to sign.", "ja": "署名を拒否しました。"},
    "digest": {"en": "SHA-256 of the document", "ja": "文書のSHA-256"},
    "passkeys": {"en": "Passkeys", "ja": "パスキー"},
    "passkeys_text": {
        "en": "A passkey on this device lets you log in without the card where a service accepts"
        " it (medium level, below the card with its PIN). It stops working if your card's"
        " certificate is revoked, and works again after a login with a valid card.",
        "ja": "この端末のパスキーで、受け付けるサービスにはカードなしでログインできます (レベルは中で、"
        "暗証番号を入れたカードより低くなります)。カードの電子証明書が失効すると使えなくなり、"
        "有効なカードでログインすると再び使えます。",
    },
    "passkey_enrol": {"en": "Add a passkey", "ja": "パスキーを追加"},
    "passkey_needs_card": {
        "en": "Log in with the card and its PIN to add a passkey.",
        "ja": "パスキーを追加するには、カードと暗証番号でログインしてください。",
    },
    "passkey_added": {"en": "Added (JST)", "ja": "追加日時 (日本時間)"},
    "passkey_used": {"en": "Last used (JST)", "ja": "最終利用 (日本時間)"},
    "passkey_state": {"en": "State", "ja": "状態"},
    "passkey_active": {"en": "Active", "ja": "有効"},
    "passkey_suspended": {
        "en": "Suspended (card certificate revoked)",
        "ja": "停止中 (カードの電子証明書が失効)",
    },
    "passkey_login_title": {"en": "Or use a passkey", "ja": "またはパスキーで"},
    "passkey_login_text": {
        "en": "If you added a passkey after a card login, you can use it here instead of the card.",
        "ja": "カードでのログイン後にパスキーを追加した場合は、カードの代わりに使えます。",
    },
    "passkey_login": {"en": "Log in with a passkey", "ja": "パスキーでログイン"},
    "passkey_failed": {"en": "The passkey did not work:", "ja": "パスキーを使えませんでした:"},
}

__all__ = ["TEXT"]
