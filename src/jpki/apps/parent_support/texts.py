"""The parent-support TV app's texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo City — parent support", "ja": "デモ市 子育て支援"},
    "remote": {
        "en": "Use ▲▼ to choose and Enter to decide.",
        "ja": "▲▼で選び、決定ボタンで進みます。",
    },
    "notices": {"en": "Notices to parents", "ja": "保護者へのお知らせ"},
    "apply": {"en": "Pregnancy notification", "ja": "妊娠届を出す"},
    "login": {"en": "Log in with the My Number card", "ja": "マイナンバーカードでログイン"},
    "card_login": {
        "en": "Parent support: log in with your card",
        "ja": "子育て支援:カードでログイン",
    },
    "yours": {"en": "Notices for you", "ja": "あなたへのお知らせ"},
    "none_yours": {"en": "No notices for you yet.", "ja": "あなたへのお知らせはまだありません。"},
    "log_in_for_yours": {
        "en": "Log in with the card to see the notices for you.",
        "ja": "あなたへのお知らせは、カードでログインすると表示されます。",
    },
    "your_notifications": {"en": "Your notifications", "ja": "あなたの届出"},
    "home": {"en": "Back to the menu", "ja": "メニューに戻る"},
    "step_months": {"en": "Step 1 of 3: how many months pregnant?", "ja": "1/3 妊娠何か月ですか"},
    "step_clinic": {
        "en": "Step 2 of 3: where was the pregnancy diagnosed?",
        "ja": "2/3 どこで診断を受けましたか",
    },
    "step_confirm": {
        "en": "Step 3 of 3: check and sign with the card",
        "ja": "3/3 内容を確認し、カードで署名します",
    },
    "months_n": {"en": "months", "ja": "か月"},
    "months_more": {"en": "or more", "ja": "以上"},
    "months_label": {"en": "Months of pregnancy", "ja": "妊娠月数"},
    "clinic_label": {"en": "Diagnosed at", "ja": "診断を受けた医療機関"},
    "from_card": {
        "en": "Your name, address and age are taken from the card's signing certificate: nothing to type.",
        "ja": "氏名・住所・年齢はカードの署名用電子証明書から読み取ります。入力は不要です。",
    },
    "sign": {"en": "Sign with the card and send", "ja": "カードで署名して届け出る"},
    "redo": {"en": "Start again", "ja": "最初からやり直す"},
    "filed": {"en": "Pregnancy notification received", "ja": "妊娠届を受け付けました"},
    "number": {"en": "Notification number", "ja": "届出番号"},
    "name": {"en": "Name", "ja": "氏名"},
    "address": {"en": "Address", "ja": "住所"},
    "age": {"en": "Age", "ja": "年齢"},
    "filed_at": {"en": "Received", "ja": "受付日時"},
    "follow": {
        "en": "Notices for you follow: see them under the notices.",
        "ja": "あなたへのお知らせをお送りしました。お知らせからご覧ください。",
    },
}
