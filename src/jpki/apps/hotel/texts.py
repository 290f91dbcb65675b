"""The hotel's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo Hotel — smart key", "ja": "デモホテル スマートキー"},
    "intro": {
        "en": "Check in with your My Number card: no form to fill in. Only what the guest register needs is kept (name and address); your age is checked, your birth date is not kept. Your room key goes to your phone.",
        "ja": "マイナンバーカードでチェックイン。宿泊者名簿の記入は不要です。保存するのは名簿に必要な氏名と住所だけで、年齢は確認しますが生年月日は保存しません。部屋の鍵はスマホに発行します。",
    },
    "nights": {"en": "Nights", "ja": "宿泊数"},
    "check_in": {"en": "Check in with the card", "ja": "カードでチェックイン"},
    "your_stays": {"en": "Your stays on this screen", "ja": "この画面の宿泊"},
    "room": {"en": "Room", "ja": "部屋"},
    "checked_in": {"en": "Checked in", "ja": "チェックインしました"},
    "guest": {"en": "Guest (from the signing certificate)", "ja": "宿泊者(署名用電子証明書より)"},
    "departs": {"en": "Check-out by", "ja": "チェックアウト期限"},
    "key_phone": {"en": "Issue the room key to my phone", "ja": "部屋の鍵をスマホに発行"},
    "card_key": {
        "en": "Room key: log in with your phone",
        "ja": "部屋の鍵:スマホでログインしてください",
    },
    "key_issued": {"en": "Room key on your phone since", "ja": "スマホに鍵を発行済み:"},
    "no_key": {"en": "No key issued yet.", "ja": "鍵はまだ発行していません。"},
    "door": {"en": "Go to the room's door", "ja": "部屋のドアへ"},
    "card_door": {
        "en": "Door: touch your phone (no PIN)",
        "ja": "ドア:スマホをかざしてください(暗証番号不要)",
    },
    "check_out": {"en": "Check out", "ja": "チェックアウト"},
    "checked_out": {
        "en": "Checked out. The room key no longer opens the door. Thank you!",
        "ja": "チェックアウトしました。鍵は無効になりました。ご利用ありがとうございました。",
    },
    "ended": {"en": "checked out", "ja": "チェックアウト済み"},
    "opened": {"en": "Door open — welcome", "ja": "ドアが開きました"},
    "locked": {"en": "Door stays locked", "ja": "ドアは開きません"},
    "next": {"en": "Touch again", "ja": "もう一度かざす"},
    "log": {"en": "Door log", "ja": "ドアの記録"},
    "reason_opened": {"en": "opened", "ja": "解錠"},
    "reason_not-the-phone": {
        "en": "the key is on the phone, not the card",
        "ja": "鍵はカードではなくスマホにあります",
    },
    "reason_no-key": {
        "en": "this phone holds no key to this room",
        "ja": "このスマホにはこの部屋の鍵がありません",
    },
    "reason_stay-ended": {"en": "the stay is over", "ja": "宿泊期間が終了しています"},
    "reason_not-at-door": {
        "en": "not read at the door's reader",
        "ja": "ドアの読み取り機での読み取りではありません",
    },
}
