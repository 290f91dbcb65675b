"""The three sites of the SSO use case and the procedures each offers."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Site:
    key: str
    name: str
    """Shown at the IdP and the wallet (Japanese / English)."""
    procedures: dict[str, dict[str, str]]


SITES = (
    Site(
        "etax", "国税庁 e-Tax 電子申告 / National Tax Agency e-Tax",
        {"tax-return": {"en": "Income tax return", "ja": "所得税の確定申告"},
         "medical-deduction": {"en": "Medical expense deduction", "ja": "医療費控除"}},
    ),
    Site(
        "mhlw", "厚生労働省 電子申請 / MHLW e-application",
        {"child-allowance": {"en": "Child allowance", "ja": "児童手当"},
         "employment-insurance": {"en": "Employment insurance benefits", "ja": "雇用保険の給付"}},
    ),
    Site(
        "shop", "デモ通販 / Demo Shop (private)",
        {"membership": {"en": "Membership with verified identity", "ja": "本人確認済み会員登録"}},
    ),
)  # fmt: skip


__all__ = ["SITES", "Site"]
