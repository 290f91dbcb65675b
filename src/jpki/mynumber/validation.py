"""Explain what is wrong with a My Number (個人番号) or corporate number (法人番号).

The check digits themselves are the profile's (`jpki.profile.numbers`); this module turns a
refusal into a sentence a clerk can act on.
"""

from __future__ import annotations

from jpki.profile.numbers import corporate_number_check_digit, my_number_check_digit


def _shape(number: str, length: int, what: str) -> str | None:
    if not number.isascii() or not number.isdigit():
        wrong = sorted({c for c in number if not (c.isascii() and c.isdigit())})
        return f"a {what} has only the digits 0-9; found {' '.join(map(repr, wrong))}"
    if len(number) != length:
        return f"a {what} has {length} digits; this has {len(number)}"
    return None


def my_number_problem(number: str) -> str | None:
    """None for a valid My Number, else what is wrong with it."""
    shape = _shape(number, 12, "My Number (個人番号)")
    if shape:
        return shape
    expected = my_number_check_digit(number[:11])
    if int(number[11]) != expected:
        return f"the check digit (last digit) should be {expected}, not {number[11]}"
    return None


def corporate_number_problem(number: str) -> str | None:
    """None for a valid corporate number, else what is wrong with it."""
    shape = _shape(number, 13, "corporate number (法人番号)")
    if shape:
        return shape
    expected = corporate_number_check_digit(number[1:])
    if int(number[0]) != expected:
        return f"the check digit (first digit) should be {expected}, not {number[0]}"
    return None


__all__ = ["corporate_number_problem", "my_number_problem"]
