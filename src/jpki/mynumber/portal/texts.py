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
    "records": {"en": "Who received your information", "ja": "あなたの情報の提供記録"},
    "records_help": {
        "en": "Every party that gave your information or a verdict about you to someone: agencies over the information provision network, the signature verification platform, the JPKI IdP and J-LIS. A record withheld by law (不開示) appears once its hold ends. Times are Japan Standard Time (JST).",
        "ja": "あなたの情報や確認結果を誰かに提供した記録です(情報提供ネットワークシステムでの機関間の提供、署名検証プラットフォーム、JPKI IdP、J-LIS)。法令により不開示とされた記録は、不開示の期間が終わると表示されます。時刻は日本標準時(JST)です。",
    },
    "party": {"en": "Given by", "ja": "提供元"},
    "recipient": {"en": "Given to", "ja": "提供先"},
    "kind": {"en": "What", "ja": "種別"},
    "task": {"en": "Why", "ja": "目的"},
    "items": {"en": "Information", "ja": "提供された情報"},
    "consent": {"en": "Consent", "ja": "同意"},
    "when": {"en": "When (JST)", "ja": "日時(JST)"},
    "outcome": {"en": "Outcome", "ja": "結果"},
    "given": {"en": "given", "ja": "提供"},
    "refused": {"en": "refused", "ja": "拒否"},
    "any": {"en": "any", "ja": "すべて"},
    "since": {"en": "From", "ja": "開始日"},
    "until": {"en": "To", "ja": "終了日"},
    "filter": {"en": "Filter", "ja": "絞り込む"},
    "download_json": {"en": "Download (JSON)", "ja": "ダウンロード(JSON)"},
    "download_csv": {"en": "Download (CSV)", "ja": "ダウンロード(CSV)"},
    "bad_filter": {
        "en": "The filter is not valid (dates are YYYY-MM-DD).",
        "ja": "絞り込みの条件が正しくありません(日付はYYYY-MM-DD)。",
    },
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
