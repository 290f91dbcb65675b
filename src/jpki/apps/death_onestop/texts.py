"""The death one-stop desk's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Death one-stop", "ja": "死亡・相続ワンストップ"},
    "intro": {
        "en": "Register in advance which businesses should start their procedures when you die (freezing a bank account, a life insurance claim). When a death is recorded, your certificates are revoked and the platform's notification asks exactly those businesses; the others learn only that the certificates were revoked.",
        "ja": "亡くなったときに手続を始めてほしい事業者 (口座の凍結、保険金の請求など) を事前に登録します。死亡が記録されると電子証明書が失効し、プラットフォームの通知が登録した事業者にだけ手続の開始を依頼します。ほかの事業者には失効だけが伝わります。",
    },
    "login": {"en": "Register in advance (card login)", "ja": "事前登録 (カードでログイン)"},
    "family_link": {
        "en": "For the family: follow a registration",
        "ja": "ご家族の方: 登録の状況を確認",
    },
    "choose": {"en": "Businesses to notify", "ja": "通知する事業者"},
    "choose_help": {
        "en": "Choose the businesses, then sign the registration with your card (signing password).",
        "ja": "事業者を選び、カードの署名 (署名用パスワード) で登録します。",
    },
    "none_taking_part": {
        "en": "No business takes part yet.",
        "ja": "参加している事業者はまだありません。",
    },
    "sign": {"en": "Sign the registration", "ja": "署名して登録"},
    "current": {"en": "Your registration", "ja": "あなたの登録"},
    "not_registered": {"en": "You have not registered yet.", "ja": "まだ登録していません。"},
    "family_code": {"en": "Enquiry number for your family", "ja": "ご家族用の照会番号"},
    "family_code_help": {
        "en": "Give this number to your family: with it they can follow what happens after your death.",
        "ja": "この番号をご家族に伝えてください。亡くなった後の手続の状況を確認できます。",
    },
    "registered_at": {"en": "Registered (JST)", "ja": "登録日時 (JST)"},
    "login_first": {
        "en": "Log in with the card first.",
        "ja": "先にカードでログインしてください。",
    },
    "family": {"en": "Follow a registration", "ja": "登録の状況を確認"},
    "code": {"en": "Enquiry number", "ja": "照会番号"},
    "look": {"en": "Look up", "ja": "確認"},
    "chosen_businesses": {"en": "Businesses chosen", "ja": "登録された事業者"},
    "no_death": {
        "en": "No death has been notified for this registration.",
        "ja": "この登録について死亡の通知はありません。",
    },
    "death_noticed": {"en": "Death notified (JST)", "ja": "死亡の通知 (JST)"},
    "procedures_started": {
        "en": "Procedures requested through the platform at",
        "ja": "プラットフォームを通じて手続の開始を依頼した事業者",
    },
    "nobody_notified": {
        "en": "None of the chosen businesses had the person as a customer.",
        "ja": "登録された事業者に、この方の契約はありませんでした。",
    },
    "replaced": {
        "en": "This registration was replaced by a newer one.",
        "ja": "この登録は新しい登録に置き換えられました。",
    },
}
