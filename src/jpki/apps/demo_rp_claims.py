"""The demo RP's words for what the IdP told it: an ID token's claims as a person reads them.

The RP printed Python objects (`['hwk', 'pin']`, `{'formatted': ...}`, epoch numbers); a
newcomer's first sight of OpenID Connect should be the claims and what they mean, times in JST.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jpki.clock import JST
from jpki.protocol.levels import Level

TIMES = frozenset({"iat", "exp", "auth_time", "nbf"})
MEANING: dict[str, str] = {
    "sub": "あなたのこのサービス用ID / your ID at this service (pairwise)",
    "iss": "発行者 / issuer",
    "aud": "宛先 / audience",
    "iat": "発行時刻 / issued",
    "exp": "有効期限 / expires",
    "auth_time": "認証時刻 / authenticated",
    "acr": "認証レベル / assurance level",
    "amr": "認証方法 / authentication methods",
    "name": "氏名 / name",
    "address": "住所 / address",
    "birthdate": "生年月日 / birth date",
    "gender": "性別 / sex",
    "nonce": "リプレイ防止値 / nonce",
    "sid": "セッションID / session",
    "at_hash": "アクセストークンのハッシュ / access token hash",
}
GENDER = {"male": "男性 / male", "female": "女性 / female", "other": "適用不能 / not applicable"}
AMR = {"hwk": "ハードウェア鍵 / hardware key", "pin": "暗証番号 / PIN"}


def shown(name: str, value: Any) -> str:
    """One claim's value in words."""
    if name in TIMES and isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value, JST).strftime("%Y-%m-%d %H:%M:%S JST")
    if name == "address" and isinstance(value, dict):
        return str(value.get("formatted", ""))
    if name == "gender" and isinstance(value, str):
        return GENDER.get(value, value)
    if name == "amr" and isinstance(value, list):
        return ", ".join(AMR.get(str(method), str(method)) for method in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def meaning(name: str, value: Any) -> str:
    """What the claim is; for `acr` also the level's name."""
    if name == "acr" and isinstance(value, str):
        try:
            label = Level.of_urn(value).label
            return f"{MEANING['acr']}: {label['ja']} / {label['en']}"
        except ValueError:
            return MEANING["acr"]
    return MEANING.get(name, name)


__all__ = ["meaning", "shown"]
