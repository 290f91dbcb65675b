"""Check digits of the My Number (個人番号) and the corporate number (法人番号), JPKI.md §5.

JPKI certificates never carry the My Number; these functions serve the resident register
and the numbering system.
"""

from __future__ import annotations

_MY_NUMBER_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def my_number_check_digit(first_eleven: str) -> int:
    """Check digit of a My Number from its first 11 digits."""
    if len(first_eleven) != 11 or not first_eleven.isascii() or not first_eleven.isdigit():
        raise ValueError("a My Number body is 11 ASCII digits")
    remainder = sum(int(d) * w for d, w in zip(first_eleven, _MY_NUMBER_WEIGHTS, strict=True)) % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid_my_number(number: str) -> bool:
    """True if `number` is 12 ASCII digits whose last digit is the right check digit."""
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        return False
    return my_number_check_digit(number[:11]) == int(number[11])


def complete_my_number(first_eleven: str) -> str:
    """Append the check digit to an 11-digit body."""
    return first_eleven + str(my_number_check_digit(first_eleven))


def corporate_number_check_digit(last_twelve: str) -> int:
    """Check digit (the first digit) of a corporate number from its other 12 digits."""
    if len(last_twelve) != 12 or not last_twelve.isascii() or not last_twelve.isdigit():
        raise ValueError("a corporate number body is 12 ASCII digits")
    total = sum(
        int(digit) * (1 if position % 2 == 1 else 2)
        for position, digit in enumerate(reversed(last_twelve), start=1)
    )
    return 9 - (total % 9)


def is_valid_corporate_number(number: str) -> bool:
    """True if `number` is 13 ASCII digits whose first digit is the right check digit."""
    if len(number) != 13 or not number.isascii() or not number.isdigit():
        return False
    return corporate_number_check_digit(number[1:]) == int(number[0])


__all__ = [
    "complete_my_number",
    "corporate_number_check_digit",
    "is_valid_corporate_number",
    "is_valid_my_number",
    "my_number_check_digit",
]
