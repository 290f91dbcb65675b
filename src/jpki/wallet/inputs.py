"""What the holder typed, checked before anything reaches the card.

The card counts every VERIFY with a wrong value against its tries (3 for the PIN, 5 for the
signing password): a 3-character password sent to it would spend a try for nothing. So the
wallet checks the forms the card has (`jpki.profile.apdu`'s rules: the PIN is 4 digits, the
signing password 6 to 16 capital letters and digits) and that the chosen card has a signing
certificate when one is needed (a card issued to a resident under 15 has none).
"""

from __future__ import annotations

from jpki.profile.apdu import AUTH_PIN_RULE, SIGN_PASSWORD_RULE
from jpki.protocol.levels import Level
from jpki.protocol.wallet import LoginRequest, SignatureRequest

Words = dict[str, str]

PIN_FORM: Words = {
    "en": "The PIN is 4 digits. Nothing was sent to the card.",
    "ja": "利用者証明用暗証番号は数字4桁です。カードには何も送っていません。",
}
PASSWORD_FORM: Words = {
    "en": "The signing password is 6 to 16 capital letters (A-Z) and digits. Nothing was sent "
    "to the card.",
    "ja": "署名用パスワードは英大文字（A〜Z）と数字の6〜16桁です。カードには何も送っていません。",
}
NO_SIGNING_CERTIFICATE: Words = {
    "en": "This card has no signing certificate: it is issued only to residents aged 15 or over "
    "(and not to those who declined it), so this card cannot sign or give the 4 information. "
    "Choose another card, or log in without them.",
    "ja": "このカードには署名用電子証明書がありません（15歳未満の方や、発行を希望されなかった方の"
    "カードには搭載されません）。署名や基本4情報の提供には使えません。別のカードを選んでください。",
}


PHONE_PIN_FORM: Words = {
    "en": "The phone's PIN is 4 digits. Nothing was sent to the card.",
    "ja": "スマホ用の暗証番号は数字4桁です。カードには何も送っていません。",
}
PHONE_PASSWORD_FORM: Words = {
    "en": "The phone's signing password is 6 to 16 capital letters (A-Z) and digits. Nothing was "
    "sent to the card.",
    "ja": "スマホ用の署名用パスワードは英大文字（A〜Z）と数字の6〜16桁です。カードには何も送って"
    "いません。",
}


def phone_problem(sign_password: str, pin: str, password: str) -> Words | None:
    """Why a phone issuance cannot start as typed (the card's password, the phone's new PIN
    and password, each in the form the card and the phone accept); None when it can."""
    if not SIGN_PASSWORD_RULE.valid(sign_password.strip().upper()):
        return PASSWORD_FORM
    if not AUTH_PIN_RULE.valid(pin):
        return PHONE_PIN_FORM
    if not SIGN_PASSWORD_RULE.valid(password.strip().upper()):
        return PHONE_PASSWORD_FORM
    return None


def needs_sign_password(asked: LoginRequest | SignatureRequest) -> bool:
    """A signature, or a login that releases the 4 information (signed consent)."""
    return isinstance(asked, SignatureRequest) or bool(asked.signing_consent)


def problem(
    asked: LoginRequest | SignatureRequest,
    method: Level,
    pin: str,
    sign_password: str,
    can_sign: bool,
) -> Words | None:
    """Why the answer cannot go to the card as typed, in both languages; None when it can."""
    signing = needs_sign_password(asked)
    if signing and not can_sign:
        return NO_SIGNING_CERTIFICATE
    if isinstance(asked, LoginRequest) and method is Level.PIN and not AUTH_PIN_RULE.valid(pin):
        return PIN_FORM
    if signing and not SIGN_PASSWORD_RULE.valid(sign_password):
        return PASSWORD_FORM
    return None


__all__ = [
    "NO_SIGNING_CERTIFICATE",
    "PASSWORD_FORM",
    "PHONE_PASSWORD_FORM",
    "PHONE_PIN_FORM",
    "PIN_FORM",
    "needs_sign_password",
    "phone_problem",
    "problem",
]
