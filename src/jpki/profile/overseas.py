"""Continued use of the card after emigration (海外転出後の継続利用, since 2024-05-27).

What the law and municipal pages say (docs/authority.md, "Emigration" has the sources):
- A Japanese national recorded in a family register's residence record (戸籍の附票) may keep
  the card when moving abroad, if the continued-use procedure (国外継続利用) is done with the
  emigration notice, at the latest the day before the planned emigration date. Without it, or
  for a foreign national (no 戸籍の附票), the card and both certificates lapse as before.
- With continued use, the signing certificate lapses on the emigration date; the
  authentication certificate is not revoked. A new signing certificate for emigrants
  (国外転出者向けの署名用電子証明書) may be issued; abroad, through the municipality keeping the
  person's 戸籍の附票 (附票管理市町村, the 本籍地), applied for at an embassy or consulate (在外公館)
  or by mail (公的個人認証法 第3条の2).
- That certificate records the 附票's items (住民基本台帳法 第17条 第2-6号): name, birth date,
  sex, and in place of an address "the fact of being an emigrant" (国外転出者である旨).

**Unconfirmed, chosen here and nowhere else**: the exact text written as the address
(`OVERSEAS_ADDRESS`); that the subject's `L=` attributes name the 附票管理市町村
(`overseas_localities`); and that the signing certificate is revoked with the reason of a
4-information change (affiliationChanged, the address item changed), so the status check
reads it as "details changed" with the authentication certificate alive.
"""

from __future__ import annotations

import datetime as dt

from jpki.profile.localities import subject_localities

CONTINUED_USE_SINCE = dt.date(2024, 5, 27)
"""The day continued use after emigration began (令和6年5月27日)."""

OVERSEAS_ADDRESS = "国外転出者"
"""The address the register (then the 戸籍の附票) holds for an emigrant who keeps the card, and
the address item of their signing certificate (unconfirmed wording: the law says only
"国外転出者である旨")."""


def is_overseas_address(address: str) -> bool:
    """Whether an address of the 4 information is the emigrant's marker, not a place."""
    return address == OVERSEAS_ADDRESS


def overseas_localities(domicile: str) -> tuple[str, str]:
    """`(prefecture, municipality)` in romaji for an emigrant's signing certificate: the
    municipality keeping the 戸籍の附票 (`domicile`, e.g. `東京都清瀬市`), unconfirmed.

    Raises ProfileError when the municipality has no romanisation (jpki.profile.localities).
    """
    return subject_localities(domicile)


__all__ = [
    "CONTINUED_USE_SINCE",
    "OVERSEAS_ADDRESS",
    "is_overseas_address",
    "overseas_localities",
]
