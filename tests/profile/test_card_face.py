"""The card-face file, CV certificate and AP basic-information codecs: round trips, the sizes
public readers expect, and refusals (ProfileError, never another exception) for any other bytes."""

import contextlib
import datetime as dt
import functools

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.card.image import generate_key
from jpki.profile.card_face import (
    CardFace,
    decode_card_face,
    decode_face_basic_info,
    encode_card_face,
    encode_face_basic_info,
    signed_fields,
)
from jpki.profile.card_verifiable import (
    AP_BASIC_INFO_LENGTH,
    CV_CERTIFICATE_LENGTH,
    decode_ap_basic_info,
    decode_cv_certificate,
    decode_public_key,
    encode_ap_basic_info,
    encode_cv_certificate,
    encode_public_key,
)
from jpki.profile.errors import ProfileError
from jpki.profile.four_info import Sex

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def issuer() -> rsa.RSAPrivateKey:
    return generate_key()


def _sign(data: bytes) -> bytes:
    return issuer().sign(data, padding.PKCS1v15(), hashes.SHA256())


dates = st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31))
blobs = st.binary(max_size=600)


def _face(birth, sex, name, address, photo, expiry, code) -> bytes:
    return encode_card_face(
        birth_date=birth,
        sex=sex,
        issuer_key=issuer().public_key(),
        name_image=name,
        address_image=address,
        photo=photo,
        expiry=expiry,
        security_code_image=code,
        sign=_sign,
    )


@FAST
@given(st.none() | dates, st.sampled_from(Sex), blobs, blobs, blobs, dates, blobs)
def test_the_card_face_round_trips_and_its_seal_covers_what_was_signed(
    birth, sex, name, address, photo, expiry, code
):
    data = _face(birth, sex, name, address, photo, expiry, code)
    face = decode_card_face(data)
    assert isinstance(face, CardFace)
    assert (face.birth_date, face.sex, face.expiry) == (birth, sex, expiry)
    assert (face.name_image, face.address_image, face.photo) == (name, address, photo)
    assert face.security_code_image == code
    assert face.issuer_key == issuer().public_key()
    assert face.signed_part == signed_fields(birth, sex, face.issuer_key, name, address, photo)
    issuer().public_key().verify(
        face.signature, face.signed_part, padding.PKCS1v15(), hashes.SHA256()
    )
    assert decode_card_face(data + b"\xff\xff\xff") == face  # FF filler after the file


def test_the_layout_is_the_one_readers_parse_by_position():
    data = _face(dt.date(1980, 5, 17), Sex.MALE, b"N", b"A", b"P", dt.date(2036, 5, 17), b"C")
    assert data[:2] == b"\xff\x20"
    value = data[2 + (1 if data[2] < 0x80 else data[2] - 0x7F) :]
    assert value[:3] == b"\xdf\x21\x12"  # nine 2-byte offsets
    offsets = [int.from_bytes(value[3 + i : 5 + i]) for i in range(0, 18, 2)]
    tags = [value[o : o + 2] for o in offsets]
    assert tags == [bytes((0xDF, t)) for t in range(0x22, 0x2B)]
    assert value[offsets[0] + 3 : offsets[0] + 11] == b"19800517"
    assert value[offsets[1] + 3 : offsets[1] + 4] == b"1"


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_refused_with_a_profile_error(raw):
    for decode in (
        decode_card_face,
        decode_face_basic_info,
        decode_cv_certificate,
        decode_ap_basic_info,
        decode_public_key,
    ):
        with contextlib.suppress(ProfileError):
            decode(raw)


@FAST
@given(st.data())
def test_a_mutated_card_face_is_refused_or_its_seal_breaks(data):
    original = _face(
        dt.date(1990, 1, 2), Sex.FEMALE, b"name", b"addr", b"photo" * 9, dt.date(2035, 1, 2), b"c"
    )
    position = data.draw(st.integers(0, len(original) - 1))
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != original[position]))
    mutated = original[:position] + bytes((byte,)) + original[position + 1 :]
    try:
        face = decode_card_face(mutated)
    except ProfileError:
        return
    try:
        face.issuer_key.verify(
            face.signature, face.signed_part, padding.PKCS1v15(), hashes.SHA256()
        )
    except (InvalidSignature, ValueError):  # altered data, or a key that no longer fits
        return
    # the only mutations that keep the seal are outside what it covers
    assert face.signed_part == decode_card_face(original).signed_part


def test_out_of_order_fields_and_a_wrong_offset_table_are_refused():
    data = bytearray(_face(None, Sex.NOT_APPLICABLE, b"", b"", b"", dt.date(2030, 1, 1), b""))
    offsets_at = data.index(b"\xdf\x21") + 3
    data[offsets_at + 1] ^= 1
    with pytest.raises(ProfileError, match="offset table"):
        decode_card_face(bytes(data))
    with pytest.raises(ProfileError, match="FF 20"):
        decode_card_face(b"\xff\x30\x00")


@FAST
@given(st.binary(min_size=16, max_size=16), st.binary(min_size=16, max_size=16))
def test_the_cv_certificate_is_568_bytes_and_round_trips(issuer_id, subject_id):
    key = issuer().public_key()
    data = encode_cv_certificate(issuer_id, subject_id, key, _sign)
    assert len(data) == CV_CERTIFICATE_LENGTH
    assert data[:5] == bytes.fromhex("7F21820233")
    parsed = decode_cv_certificate(data)
    assert (parsed.issuer_id, parsed.subject_id, parsed.public_key) == (issuer_id, subject_id, key)
    key.verify(parsed.signature, parsed.signed_part, padding.PKCS1v15(), hashes.SHA256())


def test_public_keys_round_trip_as_exponent_then_modulus():
    key = issuer().public_key()
    raw = encode_public_key(key)
    assert raw[:5] == bytes.fromhex("8203010001")
    assert raw[5:9] == bytes.fromhex("81820100")
    assert decode_public_key(raw) == key
    with pytest.raises(ProfileError):
        decode_public_key(raw[5:] + raw[:5])


@FAST
@given(st.binary(min_size=16, max_size=16))
def test_ap_basic_information_is_256_bytes_and_round_trips(key_id):
    data = encode_ap_basic_info(key_id)
    assert len(data) == AP_BASIC_INFO_LENGTH
    assert data[:2] == b"\xff\x40"
    parsed = decode_ap_basic_info(data)
    assert parsed.public_key_id == key_id
    assert parsed.extended_apdu is True


@FAST
@given(st.text(max_size=40))
def test_face_basic_information_round_trips(municipality):
    parsed = decode_face_basic_info(encode_face_basic_info(municipality))
    assert parsed.municipality == municipality
    assert len(parsed.ap_identifier) == 4
