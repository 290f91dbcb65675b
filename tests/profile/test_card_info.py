import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.profile.card_info import (
    decode_four_info_file,
    decode_integrity_file,
    decode_my_number_file,
    encode_four_info_file,
    encode_integrity_file,
    encode_my_number_file,
    four_info_value_without_offsets,
    integrity_signed_part,
    matching_number_b,
    parse_tlvs,
)
from jpki.profile.errors import ProfileError
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.numbers import complete_my_number

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=120
)


def test_my_number_file_layout():
    data = encode_my_number_file("621498320257")
    assert data == bytes.fromhex("FF100C") + b"621498320257" + b"\xff\xff"
    assert len(data) == 17
    assert decode_my_number_file(data) == "621498320257"


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_my_number_file_round_trips(body):
    number = complete_my_number(body)
    assert decode_my_number_file(encode_my_number_file(number)) == number


@given(texts, texts, st.dates(min_value=dt.date(1900, 1, 1)), st.sampled_from(Sex))
def test_four_info_file_round_trips_with_a_correct_offset_table(name, address, birth, sex):
    info = FourInfo(name, address, birth, sex)
    data = encode_four_info_file(info)
    assert decode_four_info_file(data) == info
    value = parse_tlvs(data)[0][1]
    table = dict(parse_tlvs(value))[b"\xdf\x21"]
    offsets = [int.from_bytes(table[i : i + 2]) for i in range(0, 8, 2)]
    assert [value[o : o + 2] for o in offsets] == [
        b"\xdf\x22",
        b"\xdf\x23",
        b"\xdf\x24",
        b"\xdf\x25",
    ]
    assert b"\xdf\x21" not in four_info_value_without_offsets(data)[:2]


def test_integrity_record_round_trips():
    my_number = encode_my_number_file("621498320257")
    four = encode_four_info_file(
        FourInfo("山田\\u3000太郎", "東京都港区", dt.date(1980, 5, 17), Sex.MALE)
    )
    signed = integrity_signed_part(my_number, four)
    record = decode_integrity_file(encode_integrity_file(signed, b"s" * 256))
    assert record.signed_part == signed
    assert record.signature == b"s" * 256


def test_matching_number_b_is_era_birth_date_expiry_year_and_code():
    assert matching_number_b(dt.date(1980, 5, 17), dt.date(2036, 5, 17), "1234") == "55051720361234"
    with pytest.raises(ProfileError):
        matching_number_b(dt.date(1980, 5, 17), dt.date(2036, 5, 17), "12")


@given(st.binary(max_size=64))
def test_garbage_files_are_profile_errors(data):
    for decode in (decode_my_number_file, decode_four_info_file, decode_integrity_file):
        with contextlib.suppress(ProfileError):
            decode(data)
