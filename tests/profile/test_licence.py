"""The licence record on the card (jpki.profile.licence): round trips and clear refusals."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.profile.errors import ProfileError
from jpki.profile.licence import Category, LicenceRecord

records = st.builds(
    LicenceRecord,
    number=st.from_regex(r"\A[0-9]{12}\Z"),
    licensed_on=st.dates(dt.date(1960, 1, 1), dt.date(2030, 1, 1)),
    expires_on=st.dates(dt.date(2031, 1, 1), dt.date(2099, 1, 1)),
    categories=st.lists(st.sampled_from(list(Category)), min_size=1, unique=True).map(tuple),
    conditions=st.lists(st.sampled_from(["眼鏡等", "AT限定", "補聴器"]), max_size=3).map(tuple),
    authority=st.sampled_from(["東京都公安委員会", "大阪府公安委員会"]),
    binding=st.binary(min_size=32, max_size=32),
)


@given(records)
def test_a_record_round_trips(record: LicenceRecord) -> None:
    assert LicenceRecord.decode(record.encode()) == record


@given(records, st.integers(0, 10_000), st.integers(0, 255))
def test_a_damaged_record_decodes_or_is_refused_clearly(record, at, value) -> None:
    data = bytearray(record.encode())
    data[at % len(data)] = value
    with contextlib.suppress(ProfileError):
        LicenceRecord.decode(bytes(data))


@given(st.binary(max_size=300))
def test_any_bytes_decode_or_are_refused_clearly(data: bytes) -> None:
    with contextlib.suppress(ProfileError):
        LicenceRecord.decode(data)


def test_a_record_refuses_what_no_licence_says() -> None:
    good = {
        "number": "301234567890",
        "licensed_on": dt.date(2020, 1, 1),
        "expires_on": dt.date(2030, 1, 1),
        "categories": (Category.ORDINARY,),
        "conditions": (),
        "authority": "東京都公安委員会",
        "binding": b"\x00" * 32,
    }
    for bad in (
        {"number": "12345"},
        {"expires_on": dt.date(2019, 1, 1)},
        {"categories": ()},
        {"categories": (Category.ORDINARY, Category.ORDINARY)},
        {"conditions": ("",)},
        {"authority": ""},
        {"binding": b"\x00"},
    ):
        with pytest.raises(ProfileError):
            LicenceRecord(**{**good, **bad})  # type: ignore[arg-type]
