"""Mynaportal shows what agencies hold and why parties used it in words (issue 20): labels in the
visitor's language, yes/no instead of True/False, yen and percentages, codes as phrases."""

from __future__ import annotations

import pytest

from jpki.mynumber.portal.words import held_fields, purpose_words


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ja", [("年度", "2026"), ("住民税非課税", "いいえ"), ("課税所得", "3,200,000 円"),
                ("自己負担割合", "30%"), ("種類", "老齢基礎年金"), ("unlisted", "x")]),
        ("en", [("Fiscal year", "2026"), ("Exempt from resident tax", "no"),
                ("Taxable income", "¥3,200,000"), ("Co-payment", "30%"),
                ("Kind", "old-age basic pension"), ("unlisted", "x")]),
    ],
)  # fmt: skip
def test_held_fields_are_labelled_words(lang, expected):
    held = {
        "fiscal_year": 2026, "exempt": False, "taxable_income_yen": 3_200_000,
        "copayment_ratio": 0.3, "kind": "老齢基礎年金 / old-age basic pension", "unlisted": "x",
    }  # fmt: skip
    shown = held_fields(held, lang)
    assert shown == expected
    assert not any(value in ("True", "False") for _, value in shown)


def test_purposes_are_phrases():
    assert purpose_words("login", "ja") == "ログイン"
    assert purpose_words("cms", "en") == "signed document (CMS)"
    assert purpose_words("転居 / moved", "en") == "moved"
    assert purpose_words("something-else", "ja") == "something-else"
