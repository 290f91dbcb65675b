"""The demo RP's words for what the IdP told it: an ID token's claims as a person reads them.

The RP printed Python objects (`['hwk', 'pin']`, `{'formatted': ...}`, epoch numbers); a
newcomer's first sight of OpenID Connect should be the claims and what they mean, in the
visitor's language, times in JST.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jpki.apps.demo_rp.texts import AMR, CLAIMS, GENDER
from jpki.clock import in_jst
from jpki.protocol.levels import Level

TIMES = frozenset({"iat", "exp", "auth_time", "nbf"})
WORDS = frozenset({*TIMES, "name", "address", "birthdate", "gender", "amr"})
"""Claims whose values are words or times for a person; the others are identifiers and codes
(`sub`, `iss`, `nonce`, the `acr` URN), shown as they are."""


def shown(name: str, value: Any, lang: str) -> str:
    """One claim's value in words."""
    if name in TIMES and isinstance(value, int | float):
        return in_jst(dt.datetime.fromtimestamp(value, dt.UTC), seconds=True)
    if name == "address" and isinstance(value, dict):
        return str(value.get("formatted", ""))
    if name == "gender" and isinstance(value, str):
        return GENDER.get(value, {}).get(lang, value)
    if name == "amr" and isinstance(value, list):
        return ", ".join(AMR.get(str(method), {}).get(lang, str(method)) for method in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def meaning(name: str, value: Any, lang: str) -> str:
    """What the claim is; for `acr` also the level's name."""
    what = CLAIMS.get(name, {}).get(lang, name)
    if name == "acr" and isinstance(value, str):
        try:
            return f"{what}: {Level.of_urn(value).label[lang]}"
        except ValueError:
            return what
    return what


__all__ = ["meaning", "shown"]
