from hypothesis import given
from hypothesis import strategies as st

from jpki.profile.numbers import (
    complete_my_number,
    corporate_number_check_digit,
    is_valid_corporate_number,
    is_valid_my_number,
)


def test_reference_my_numbers_are_valid():
    assert is_valid_my_number("621498320257")
    assert is_valid_my_number("537686677188")


def test_reference_corporate_number_is_valid():
    assert is_valid_corporate_number("5835678256246")


def test_wrong_check_digits_and_shapes_are_rejected():
    assert not is_valid_my_number("621498320258")
    assert not is_valid_my_number("62149832025")
    assert not is_valid_my_number("６２１４９８３２０２５７")
    assert not is_valid_corporate_number("4835678256246")
    assert not is_valid_corporate_number("583567825624")


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_completed_my_numbers_validate_and_any_other_last_digit_fails(body):
    number = complete_my_number(body)
    assert is_valid_my_number(number)
    for digit in "0123456789":
        if digit != number[-1]:
            assert not is_valid_my_number(body + digit)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_corporate_check_digit_is_a_single_digit_that_validates(body):
    check = corporate_number_check_digit(body)
    assert 1 <= check <= 9
    assert is_valid_corporate_number(f"{check}{body}")
