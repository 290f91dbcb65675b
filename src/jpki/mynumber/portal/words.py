"""What Mynaportal shows a person in words: the data an agency holds about them (自己情報)
field by field, and why each party used their information.

The agencies' intermediate servers keep machine fields (`household_size: 5`, `exempt: False`);
a person reads labels and values in their language: yes or no, amounts in yen, shares as
percentages. A record's purpose arrives from each party as a code (`login`, `registration`,
`cms`) or as a bilingual phrase (`転居 / moved`); both become words here.
"""

from __future__ import annotations

from typing import Any

from jpki.web import in_language

FIELDS: dict[str, dict[str, str]] = {
    "fiscal_year": {"en": "Fiscal year", "ja": "年度"},
    "taxable_income_yen": {"en": "Taxable income", "ja": "課税所得"},
    "resident_tax_yen": {"en": "Resident tax", "ja": "住民税額"},
    "exempt": {"en": "Exempt from resident tax", "ja": "住民税非課税"},
    "household_size": {"en": "People in the household", "ja": "世帯人数"},
    "head_of_household": {"en": "Head of household", "ja": "世帯主"},
    "symbol": {"en": "Insurance card symbol", "ja": "記号"},
    "number": {"en": "Insurance card number", "ja": "番号"},
    "qualified_since": {"en": "Insured since", "ja": "資格取得日"},
    "copayment_ratio": {"en": "Co-payment", "ja": "自己負担割合"},
    "annual_yen": {"en": "Annual amount", "ja": "年金額 (年額)"},
    "kind": {"en": "Kind", "ja": "種類"},
}
YES_NO = {True: {"en": "yes", "ja": "はい"}, False: {"en": "no", "ja": "いいえ"}}
PURPOSES: dict[str, dict[str, str]] = {
    "login": {"en": "login", "ja": "ログイン"},
    "registration": {"en": "registration (linking your card)", "ja": "登録 (カードの紐付け)"},
    "raw": {"en": "signature", "ja": "署名"},
    "cms": {"en": "signed document (CMS)", "ja": "署名付き文書 (CMS)"},
    "pdf": {"en": "signed PDF", "ja": "署名付き PDF"},
}


def field_value(name: str, value: Any, lang: str) -> str:
    """One field's value as a person reads it."""
    if isinstance(value, bool):
        return YES_NO[value][lang]
    if name.endswith("_yen") and isinstance(value, int):
        return f"{value:,} 円" if lang == "ja" else f"¥{value:,}"
    if name.endswith("_ratio") and isinstance(value, int | float):
        return f"{value * 100:.0f}%"
    return in_language(str(value), lang)


def held_fields(items: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """An item the agency holds (`{"household_size": 5, ...}`) as labelled values."""
    return [
        (FIELDS.get(name, {}).get(lang, name), field_value(name, value, lang))
        for name, value in items.items()
    ]


def purpose_words(purpose: str, lang: str) -> str:
    """Why a party used the person's information, in words."""
    known = PURPOSES.get(purpose)
    return known[lang] if known else in_language(purpose, lang)


__all__ = ["FIELDS", "field_value", "held_fields", "purpose_words"]
