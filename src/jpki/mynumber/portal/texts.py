"""Mynaportal's page texts, English and Japanese."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Mynaportal", "ja": "マイナポータル"},
    "intro": {
        "en": "See who exchanged your information, what agencies hold about you, your notices and post box. Log in with your My Number card (your My Number is never asked).",
        "ja": "あなたの情報のやりとりの記録、行政機関等が保有する情報、お知らせ、電子私書箱を確認できます。マイナンバーカードでログインします(個人番号は入力しません)。",
    },
    "scan": {
        "en": "Scan with your wallet, or open it on this device:",
        "ja": "ウォレットで読み取るか、この端末で開いてください:",
    },
    "same_device": {"en": "Open the wallet on this device", "ja": "この端末でウォレットを開く"},
    "waiting": {"en": "Waiting for your card…", "ja": "カードの操作を待っています…"},
    "failed": {"en": "Login failed:", "ja": "ログインできませんでした:"},
    "notices": {"en": "Notices", "ja": "お知らせ"},
    "records": {"en": "Provision records", "ja": "情報提供等の記録"},
    "records_help": {
        "en": "Who asked whom for which of your information, and why. Records are kept 7 years.",
        "ja": "どの機関がどの機関にあなたのどの情報を、何のために照会したかの記録です(7年間保存)。",
    },
    "requester": {"en": "Requested by", "ja": "照会機関"},
    "provider": {"en": "Provided by", "ja": "提供機関"},
    "task": {"en": "For", "ja": "事務"},
    "items": {"en": "Information", "ja": "特定個人情報"},
    "when": {"en": "When", "ja": "日時"},
    "outcome": {"en": "Outcome", "ja": "結果"},
    "self_info": {"en": "Information agencies hold about you", "ja": "自己情報"},
    "postbox": {"en": "Post box", "ja": "電子私書箱"},
    "postbox_address": {
        "en": "Your post box address (give it to senders):",
        "ja": "私書箱アドレス(送付元に伝えてください):",
    },
    "from": {"en": "From", "ja": "送付元"},
    "subject": {"en": "Document", "ja": "文書"},
    "unread": {"en": "unread", "ja": "未読"},
    "signature_ok": {"en": "Signature verified: sent by", "ja": "電子署名を確認しました。送付元:"},
    "signature_bad": {
        "en": "The signature does NOT verify. Do not trust this document.",
        "ja": "電子署名を確認できません。この文書を信用しないでください。",
    },
    "delivered": {
        "en": "The sender has received a signed proof of delivery.",
        "ja": "送付元に到達証明(署名付き)が届きました。",
    },
    "move": {"en": "Moving (one-stop)", "ja": "引越しワンストップ"},
    "move_help": {
        "en": "One notice here changes your resident record; your signing certificate is renewed at the counter, and the businesses you registered with are told of the change.",
        "ja": "ここでの届出で住民票が変わります。署名用電子証明書は窓口で更新され、登録している事業者には変更が通知されます。",
    },
    "new_address": {"en": "New address", "ja": "新しい住所"},
    "submit_move": {"en": "Notify the move", "ja": "転居を届け出る"},
    "moved": {"en": "Your move was registered.", "ja": "転居を受け付けました。"},
    "none": {"en": "None.", "ja": "ありません。"},
    "logout": {"en": "Log out", "ja": "ログアウト"},
    "back": {"en": "Back", "ja": "戻る"},
    "error": {"en": "Error", "ja": "エラー"},
}
