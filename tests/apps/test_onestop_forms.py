"""What the exam office, the public-money registry and the death one-stop desk accept from a
form: any text either comes back in its checked form or is a clear refusal (`CardRefusal`,
a 400 page), never another exception (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.apps.death_onestop.service import CODE_ALPHABET, new_family_code, normalised_code
from jpki.apps.exam.service import NAME_LIMIT, ExamOffice
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.public_money.service import AccountForm

GOOD = ("0397", "001", "ordinary", "1234567", "ヤマダ　タロウ")


@given(st.text(max_size=200))
def test_an_exam_name_is_checked_or_refused(text):
    try:
        name = ExamOffice.checked_name(text)
    except CardRefusal:
        return
    assert name == text.strip()
    assert 1 <= len(name) <= NAME_LIMIT


def test_exam_names_keep_the_ideographic_space_and_refuse_control_characters():
    assert ExamOffice.checked_name(" 受験\u3000花子 ") == "受験\u3000花子"
    for bad in ("", "   ", "a\x00b", "x" * (NAME_LIMIT + 1), "a\u202eb"):
        with pytest.raises(CardRefusal):
            ExamOffice.checked_name(bad)


@given(st.tuples(*(st.one_of(st.just(g), st.text(max_size=30)) for g in GOOD)))
def test_an_account_form_is_checked_or_refused(fields):
    try:
        form = AccountForm.checked(*fields)
    except CardRefusal:
        return
    assert form.branch.isdigit()
    assert len(form.branch) == 3
    assert form.number.isdigit()
    assert len(form.number) == 7
    assert form.label_ja
    assert form.label_en


def test_the_shown_account_form_is_accepted_and_latin_holders_are_not():
    assert AccountForm.checked(*GOOD).holder_kana == "ヤマダ　タロウ"
    with pytest.raises(CardRefusal, match="katakana"):
        AccountForm.checked(*GOOD[:4], "Yamada Taro")
    with pytest.raises(CardRefusal, match="7 digits"):
        AccountForm.checked(GOOD[0], GOOD[1], GOOD[2], "１２３４５６７", GOOD[4])  # full-width


@given(st.text(max_size=40))
def test_an_enquiry_number_is_normalised_or_none(text):
    code = normalised_code(text)
    if code is not None:
        assert len(code) == 14
        assert all(ch in CODE_ALPHABET for ch in code.replace("-", ""))
        assert normalised_code(code) == code


def test_a_given_enquiry_number_reads_back_in_any_case():
    code = new_family_code()
    assert normalised_code(code.lower().replace("-", " ")) == code
    assert normalised_code("O0I1-AAAA-AAAA") is None  # letters a family would misread
