import contextlib
import datetime as dt

import asn1crypto.core
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
    read_four_info,
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


def _with_flags(info: FourInfo, name_flags: str, address_flags: str) -> list[x509.OtherName]:
    """`info`'s entries with the flag strings replaced (as another issuer might write them)."""
    replaced = {
        oids.NAME_FLAGS: name_flags,
        oids.ADDRESS_FLAGS: address_flags,
    }
    return [
        x509.OtherName(entry.type_id, _utf8(replaced[entry.type_id]))
        if entry.type_id in replaced
        else entry
        for entry in encode_four_info(info)
    ]


def _utf8(text: str) -> bytes:
    return asn1crypto.core.UTF8String(text).dump()


def test_a_flag_string_of_the_wrong_length_is_read_with_a_mismatch():
    info = FourInfo("髙橋\u3000一郎", "東京都港区", dt.date(1970, 1, 1), Sex.MALE)
    read, mismatches = read_four_info(_with_flags(info, "1000", "0000000"))
    assert read.name == info.name
    assert read.name_flags == "10000"  # the missing fifth flag inferred from 郎
    assert read.address_flags == "00000"  # the two extra flags ignored
    assert [(m.field, m.flags, m.text_length) for m in mismatches] == [
        ("name", "1000", 5),
        ("address", "0000000", 5),
    ]
    assert "4 flags for 5 characters" in mismatches[0].message
    assert "代替文字フラグ" in mismatches[0].message
    assert decode_four_info(_with_flags(info, "1000", "0000000")) == read


def test_a_fitting_flag_string_is_read_as_written():
    info = FourInfo("山田\u3000太郎", "東京都港区", dt.date(1970, 1, 1), Sex.MALE)
    read, mismatches = read_four_info(_with_flags(info, "01010", "11111"))
    assert (read.name_flags, read.address_flags) == ("01010", "11111")
    assert mismatches == ()


@given(four_infos, st.text(max_size=40), st.text(max_size=40))
def test_any_flag_strings_are_read_one_flag_per_character(info, name_flags, address_flags):
    read, mismatches = read_four_info(_with_flags(info, name_flags, address_flags))
    assert (read.name, read.address) == (info.name, info.address)
    assert len(read.name_flags) == len(read.name)
    assert len(read.address_flags) == len(read.address)
    assert set(read.name_flags + read.address_flags) <= {"0", "1"}
    fits = {
        "name": len(name_flags) == len(info.name) and set(name_flags) <= {"0", "1"},
        "address": len(address_flags) == len(info.address) and set(address_flags) <= {"0", "1"},
    }
    assert {m.field for m in mismatches} == {field for field, ok in fits.items() if not ok}
    for i, flag in enumerate(name_flags[: len(info.name)]):
        if flag in "01":
            assert read.name_flags[i] == flag
