"""The licensing desk's and the counter's page texts, English and Japanese."""

from jpki.profile.licence import CATEGORY_NAMES_EN, Category

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Driving licence on the My Number card", "ja": "マイナ免許証"},
    "intro": {
        "en": "The public safety commission writes your driving licence into the free area of your My Number card after checking the card's certificate. A rental-car counter or a police officer reads it with your licence PIN and checks the commission's signature.",
        "ja": "公安委員会がカードの電子証明書を確認したうえで、マイナンバーカードの空き領域に運転免許の情報を記録します。レンタカーの窓口や警察官は、あなたが入力する暗証番号で読み取り、公安委員会の署名を確認します。",
    },
    "desk": {
        "en": "Licensing centre: record the licence on the card",
        "ja": "運転免許センター: 免許情報の記録",
    },
    "reader": {"en": "Card reader", "ja": "カードリーダー"},
    "pin": {
        "en": "The card's user-authentication PIN (4 digits), typed by the holder",
        "ja": "利用者証明用暗証番号（4桁、ご本人が入力）",
    },
    "number": {"en": "Licence number (12 digits)", "ja": "免許証番号（12桁）"},
    "categories": {"en": "Kinds of licence", "ja": "免許の種類"},
    "conditions": {
        "en": "Conditions (comma-separated, e.g. 眼鏡等)",
        "ja": "免許の条件等（読点区切り、例: 眼鏡等）",
    },
    "expires_on": {"en": "Valid until", "ja": "有効期間の末日"},
    "licence_pin": {
        "en": "Licence PIN chosen by the holder (4 digits)",
        "ja": "免許情報の暗証番号（ご本人が決める4桁）",
    },
    "write": {
        "en": "Check the card and record the licence",
        "ja": "カードを確認して免許情報を記録する",
    },
    "no_readers": {
        "en": "No card reader is attached.",
        "ja": "カードリーダーが接続されていません。",
    },
    "written": {"en": "Licences recorded", "ja": "記録した免許情報"},
    "written_at": {"en": "Recorded at (JST)", "ja": "記録日時（日本時間）"},
    "to_counter": {"en": "The counter (rental car, police)", "ja": "確認窓口（レンタカー・警察）"},
    "counter_title": {"en": "Licence check at the counter", "ja": "窓口での免許確認"},
    "counter_intro": {
        "en": "Place the card on the reader; the holder types the licence PIN.",
        "ja": "カードをリーダーに置き、ご本人が免許情報の暗証番号を入力してください。",
    },
    "read": {"en": "Read the licence", "ja": "免許情報を読み取る"},
    "verdict_valid": {"en": "Valid driving licence", "ja": "有効な運転免許です"},
    "verdict_expired": {"en": "The licence has expired", "ja": "免許の有効期間が過ぎています"},
    "verdict_forged": {
        "en": "Refused: the commission's signature does not hold (altered data)",
        "ja": "確認できません: 公安委員会の署名が一致しません（改ざん）",
    },
    "verdict_other-card": {
        "en": "Refused: the licence data belongs to another card",
        "ja": "確認できません: 別のカードの免許情報です",
    },
    "verdict_malformed": {
        "en": "Refused: the licence data cannot be read",
        "ja": "確認できません: 免許情報を読み取れません",
    },
    "licensed_on": {"en": "Date of licence", "ja": "免許の年月日"},
    "authority": {"en": "Public safety commission", "ja": "公安委員会"},
    "none": {"en": "none", "ja": "なし"},
    "back_desk": {"en": "Licensing centre", "ja": "運転免許センター"},
    "next": {"en": "Next customer", "ja": "次の方"},
    **{
        f"category_{category.name}": {"en": CATEGORY_NAMES_EN[category], "ja": category.value}
        for category in Category
    },
}
