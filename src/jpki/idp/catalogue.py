"""What an RP can ask for: scopes with the claims they release, and assurance levels (acr).

The four information scopes (基本4情報) come from the holder's signing certificate, read only
after the holder enters the signing password in the wallet and signs their consent; `sign`
lets the RP send signing transactions and receive the IdP's verdict on each signature
(signature only); `sign_certificate` also gives it the signature itself with the signing
certificate, whose contents (all 4 information and the serial number) the consent screen
shows. The acr values are seed 000's three levels.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from jpki.profile.four_info import Sex
from jpki.protocol.four_info import FourInfoJson


@dataclasses.dataclass(frozen=True)
class Scope:
    name: str
    label_en: str
    label_ja: str
    four_info: bool = False
    """Released from the signing certificate (needs the signing password)."""


SIGN_CERTIFICATE = "sign_certificate"
"""Signatures come with the signing certificate (the RP can verify and keep them itself)."""
SCOPES: dict[str, Scope] = {
    scope.name: scope
    for scope in (
        Scope("openid", "A pseudonymous ID for this service", "このサービス専用の識別子"),
        Scope("name", "Your name", "氏名", four_info=True),
        Scope("address", "Your address", "住所", four_info=True),
        Scope("birthdate", "Your date of birth", "生年月日", four_info=True),
        Scope("gender", "Your sex", "性別", four_info=True),
        Scope(
            "sign",
            "Ask you to sign documents (it receives the IdP's check of each signature, not your"
            " certificate)",
            "文書への電子署名の依頼 (署名の検証結果のみ。電子証明書は提供されません)",
        ),
        Scope(
            SIGN_CERTIFICATE,
            "With each signature, your signing certificate: name, address, date of birth, sex"
            " and the certificate's serial number",
            "署名ごとに署名用電子証明書 (氏名・住所・生年月日・性別・シリアル番号)",
            four_info=True,
        ),
    )
}
OFFLINE = "offline_access"
"""Asks for a refresh token (OpenID Connect Core 11)."""
SUPPORTED_SCOPES = [*SCOPES, OFFLINE]


def four_info_scopes(scopes: list[str]) -> list[str]:
    return [name for name in scopes if name in SCOPES and SCOPES[name].four_info]


_GENDERS = {Sex.MALE: "male", Sex.FEMALE: "female"}
"""OpenID Connect `gender` values of the sex codes; any other code is `not applicable`."""
GENDER_LABELS = {
    "male": {"en": "Male", "ja": "男性"},
    "female": {"en": "Female", "ja": "女性"},
    "not applicable": {"en": "Not applicable", "ja": "適用不能"},
}
"""How the consent screen shows each `gender` value (性別 codes 1, 2, 9)."""


def claims_of(four_info: FourInfoJson | None, scopes: list[str]) -> dict[str, Any]:
    """OpenID Connect standard claims from the 4 information, only for the granted scopes.
    `sign_certificate` releases all four: the certificate it gives the RP carries them."""
    if four_info is None:
        return {}
    everything = SIGN_CERTIFICATE in scopes
    claims: dict[str, Any] = {}
    if everything or "name" in scopes:
        claims["name"] = four_info.name
    if everything or "address" in scopes:
        claims["address"] = {"formatted": four_info.address, "country": "JP"}
    if (everything or "birthdate" in scopes) and four_info.birth_date is not None:
        claims["birthdate"] = four_info.birth_date.isoformat()
    if everything or "gender" in scopes:
        claims["gender"] = _GENDERS.get(four_info.sex, "not applicable")
    return claims


__all__ = [
    "GENDER_LABELS",
    "OFFLINE",
    "SCOPES",
    "SIGN_CERTIFICATE",
    "SUPPORTED_SCOPES",
    "Scope",
    "claims_of",
    "four_info_scopes",
]
