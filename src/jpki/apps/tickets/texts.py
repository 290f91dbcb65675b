"""The ticket seller's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo Tickets", "ja": "デモチケット"},
    "intro": {
        "en": "Your My Number card is your ticket: buy with the card, enter by touching it at the gate. Resold tickets do not get in.",
        "ja": "マイナンバーカードがチケットです。カードで購入し、ゲートでカードをかざして入場。転売されたチケットでは入場できません。",
    },
    "buy": {"en": "Buy a ticket", "ja": "チケットを購入"},
    "your_ticket": {"en": "Your ticket", "ja": "あなたのチケット"},
    "bound": {
        "en": "Bound to your card's authentication certificate: bring the card to the gate.",
        "ja": "カードの利用者証明用電子証明書に紐付きました。当日はカードをお持ちください。",
    },
    "seat": {"en": "Seat", "ja": "座席"},
    "gate": {"en": "Gate", "ja": "ゲート"},
    "card_admit": {
        "en": "Entrance: touch your My Number card at the gate",
        "ja": "入場：ゲートでマイナンバーカードをかざしてください",
    },
    "touch": {"en": "Touch your card (no PIN)", "ja": "カードをかざしてください(暗証番号不要)"},
    "admitted": {"en": "Welcome! Admitted", "ja": "入場できます"},
    "refused": {"en": "Not admitted", "ja": "入場できません"},
    "next": {"en": "Next visitor", "ja": "次の方"},
    "log": {"en": "Gate log", "ja": "ゲート記録"},
    "reason_admitted": {"en": "admitted", "ja": "入場"},
    "reason_no-ticket": {"en": "no ticket for this card", "ja": "このカードのチケットはありません"},
    "reason_already-admitted": {"en": "already admitted", "ja": "入場済み"},
    "reason_not-at-terminal": {
        "en": "not read at a registered terminal",
        "ja": "登録端末での読み取りではありません",
    },
}
