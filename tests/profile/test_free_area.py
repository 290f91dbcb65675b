"""The free area's codecs (jpki.profile.free_area): round trips and clear refusals."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.profile.apdu import AID_JPKI
from jpki.profile.errors import ProfileError
from jpki.profile.free_area import (
    Manifest,
    Policy,
    Removal,
    SignedPackage,
    decode_tlvs,
    encode_tlv,
)

manifests = st.builds(
    Manifest,
    aid=st.binary(min_size=5, max_size=16).filter(lambda a: a != AID_JPKI),
    sequence=st.integers(1, 2**32 - 1),
    binding=st.binary(min_size=32, max_size=32),
    policy=st.just(Policy.PINLESS_AUTHENTICATE),
    files=st.dictionaries(
        st.integers(1, 0x3EFF), st.binary(min_size=1, max_size=300), max_size=4
    ).map(lambda d: tuple(d.items())),
    pin=st.one_of(st.none(), st.from_regex(r"\A[0-9]{4}\Z")),
)


@given(manifests)
def test_a_manifest_round_trips(manifest: Manifest) -> None:
    assert Manifest.decode(manifest.encode()) == manifest


@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_refused_clearly(data: bytes) -> None:
    for decoder in (Manifest.decode, Removal.decode, SignedPackage.decode, decode_tlvs):
        with contextlib.suppress(ProfileError):
            decoder(data)


@given(st.integers(1, 0xFE).filter(lambda t: t & 0x1F != 0x1F), st.binary(max_size=70000))
def test_a_tlv_round_trips_up_to_its_limit(tag: int, value: bytes) -> None:
    if len(value) > 0xFFFF:
        with pytest.raises(ProfileError):
            encode_tlv(tag, value)
    else:
        assert decode_tlvs(encode_tlv(tag, value)) == [(tag, value)]


def test_a_manifest_refuses_what_the_card_could_not_hold() -> None:
    good = {
        "aid": b"\xd3" * 9,
        "sequence": 1,
        "binding": b"\x00" * 32,
        "policy": Policy.NONE,
        "files": (),
    }
    for bad in (
        {"aid": AID_JPKI},
        {"sequence": 0},
        {"binding": b"\x00"},
        {"files": ((1, b""),)},
        {"files": ((1, b"a"), (1, b"b"))},
        {"pin": "12a4"},
        {"policy": Policy.FILES_NEED_PIN},
    ):
        with pytest.raises(ProfileError):
            Manifest(**{**good, **bad})  # type: ignore[arg-type]


def test_lengths_must_be_in_their_shortest_form() -> None:
    with pytest.raises(ProfileError):
        decode_tlvs(b"\x4f\x81\x05abcde")
