import contextlib
import datetime as dt

import pytest
from cryptography import x509
from hypothesis import given
from hypothesis import strategies as st

from jpki.profile import oids
from jpki.profile.errors import MalformedFourInfo
from jpki.profile.four_info import (
    FourInfo,
    Sex,
    decode_four_info,
    encode_four_info,
    substitute_flags,
)

names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
)
four_infos = st.builds(
    FourInfo,
    name=names,
    address=names,
    birth_date=st.one_of(
        st.none(), st.dates(min_value=dt.date(1868, 10, 23), max_value=dt.date(2099, 1, 1))
    ),
    sex=st.sampled_from(Sex),
)


@given(four_infos)
def test_four_info_round_trips_through_subject_alt_name(info):
    san = x509.SubjectAlternativeName(encode_four_info(info))
    assert decode_four_info(san) == info


@given(four_infos, st.randoms())
def test_decoder_does_not_rely_on_entry_order(info, rng):
    entries = encode_four_info(info)
    rng.shuffle(entries)
    assert decode_four_info(entries) == info


def test_substitute_flags_mark_characters_outside_jis_x_0208():
    assert substitute_flags("山田\u3000太郎") == "00000"
    assert substitute_flags("髙橋\u3000一") == "1000"
    assert substitute_flags("𠮷田") == "10"


def test_missing_entry_is_a_clear_error():
    entries = [e for e in encode_four_info(FourInfo("山田", "東京都港区", None, Sex.MALE))]
    without_sex = [e for e in entries if e.type_id != oids.SEX]
    with pytest.raises(MalformedFourInfo, match=r"\.3 missing"):
        decode_four_info(without_sex)


def test_bad_sex_code_and_non_string_values_are_rejected():
    entries = encode_four_info(FourInfo("山田", "東京都港区", None, Sex.MALE))
    bad_sex = [
        x509.OtherName(oids.SEX, b"\x0c\x010") if e.type_id == oids.SEX else e for e in entries
    ]
    with pytest.raises(MalformedFourInfo, match="sex"):
        decode_four_info(bad_sex)
    integer = [
        x509.OtherName(oids.NAME, b"\x02\x01\x05") if e.type_id == oids.NAME else e for e in entries
    ]
    with pytest.raises(MalformedFourInfo):
        decode_four_info(integer)


@given(st.binary(max_size=40))
def test_arbitrary_bytes_in_an_entry_never_crash_the_decoder(junk):
    entries = encode_four_info(FourInfo("山田", "東京都港区", None, Sex.MALE))
    mutated = [
        x509.OtherName(oids.ADDRESS, junk) if e.type_id == oids.ADDRESS else e for e in entries
    ]
    with contextlib.suppress(MalformedFourInfo):
        decode_four_info(mutated)
