"""The exam office's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo Entrance Exams", "ja": "デモ入試"},
    "intro": {
        "en": "Apply with your My Number card. Your admission ticket is bound to your card: at the exam room door, show the ticket and log in with the same card and its PIN. Another person's card is refused.",
        "ja": "マイナンバーカードで出願します。受験票はあなたのカードに結び付きます。試験室の入口で受験票を示し、同じカードと暗証番号でログインしてください。他人のカードでは入室できません。",
    },
    "your_name": {"en": "Your name", "ja": "氏名"},
    "apply": {"en": "Apply with the card", "ja": "カードで出願"},
    "card_apply": {
        "en": "Exam application: log in with your My Number card",
        "ja": "出願：マイナンバーカードでログイン",
    },
    "your_ticket": {"en": "Your admission ticket", "ja": "受験票"},
    "number": {"en": "Examinee number", "ja": "受験番号"},
    "room": {"en": "Room", "ja": "試験室"},
    "seat": {"en": "Seat", "ja": "座席"},
    "day": {"en": "Exam day", "ja": "試験日"},
    "bound": {
        "en": "Bound to your card's authentication certificate: bring this card and its PIN on the exam day.",
        "ja": "カードの利用者証明用電子証明書に紐付きました。試験当日はこのカードと暗証番号をお持ちください。",
    },
    "door": {"en": "Exam room door", "ja": "試験室入口"},
    "door_help": {
        "en": "Proctor: type the examinee number from the ticket, then the examinee logs in with the card and its PIN.",
        "ja": "監督者: 受験票の受験番号を入力し、受験者がカードと暗証番号でログインします。",
    },
    "check": {"en": "Check the card", "ja": "カードを確認"},
    "card_door": {
        "en": "Exam room door: log in with your My Number card and PIN",
        "ja": "試験室入口：マイナンバーカードと暗証番号でログイン",
    },
    "admitted": {"en": "Admitted", "ja": "入室できます"},
    "refused": {"en": "Not admitted", "ja": "入室できません"},
    "next": {"en": "Next examinee", "ja": "次の受験者"},
    "log": {"en": "Door log", "ja": "入口記録"},
    "reason_admitted": {"en": "admitted", "ja": "入室"},
    "reason_not-the-applicant": {
        "en": "this card is not the one the ticket is bound to",
        "ja": "受験票に紐付いたカードではありません",
    },
    "reason_no-ticket": {"en": "no such examinee number", "ja": "該当する受験番号がありません"},
    "reason_wrong-room": {"en": "the ticket is for another room", "ja": "別の試験室の受験票です"},
    "reason_already-checked-in": {"en": "already checked in", "ja": "入室済み"},
    "reason_pin-required": {
        "en": "the PIN is required at the door",
        "ja": "入口では暗証番号が必要です",
    },
    "door_link": {"en": "Door of room", "ja": "試験室入口"},
}
