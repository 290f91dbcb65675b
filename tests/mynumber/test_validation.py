"""My Number and corporate number checks: every valid number passes, every single-digit
change is caught and explained, malformed input is explained, never raised."""

from hypothesis import given
from hypothesis import strategies as st

from jpki.mynumber.validation import corporate_number_problem, my_number_problem
from jpki.profile.numbers import complete_my_number, corporate_number_check_digit

ELEVEN = st.text("0123456789", min_size=11, max_size=11)
TWELVE = st.text("0123456789", min_size=12, max_size=12)


def remainder(body):
    return (
        sum(int(d) * w for d, w in zip(body, (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    )


@given(ELEVEN, st.integers(0, 11), st.integers(1, 9))
def test_a_changed_digit_of_a_my_number_is_caught(body, position, shift):
    """Caught, except where the scheme itself cannot tell: remainders 0 and 1 share check digit
    0, so a change between them passes (a property of the law's formula, not of our code)."""
    number = complete_my_number(body)
    assert my_number_problem(number) is None
    changed = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    if my_number_problem(changed) is None:
        assert position < 11
        assert {remainder(body), remainder(changed[:11])} == {0, 1}


@given(TWELVE, st.integers(1, 8))
def test_a_wrong_corporate_check_digit_is_explained(body, shift):
    digit = corporate_number_check_digit(body)
    assert corporate_number_problem(f"{digit}{body}") is None
    wrong = (digit + shift) % 10
    problem = corporate_number_problem(f"{wrong}{body}")
    assert problem is not None
    assert f"should be {digit}" in problem


@given(st.text(max_size=20))
def test_any_text_gets_an_answer(text):
    for problem in (my_number_problem(text), corporate_number_problem(text)):
        assert problem is None or isinstance(problem, str)


def test_explanations_name_the_problem():
    assert "12 digits" in my_number_problem("1234")
    assert "'a'" in my_number_problem("12345678901a")
    assert "should be 8" in my_number_problem("123456789011")
    assert corporate_number_problem("8700110005901") is None
