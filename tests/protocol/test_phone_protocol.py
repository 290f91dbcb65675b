"""The phone issuance request's codec (jpki.protocol.phone): what the card signs is canonical, the
JSON round-trips, and no stranger's bytes get past `decode` as anything but `MalformedField`."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.protocol.codec import MalformedField
from jpki.protocol.phone import REQUEST_FORMAT, PhoneIssuanceRequest, PhoneRefusal

WHEN = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)


def request(**changes: object) -> PhoneIssuanceRequest:
    fields: dict[str, object] = {
        "resident_id": "R000001",
        "card_certificate": b"\x30\x82\x01\x00card",
        "auth_public_key": b"\x30\x82auth",
        "sign_public_key": b"\x30\x82sign",
        "nonce": "ab" * 16,
        "requested_at": WHEN,
        "signature": b"\x01" * 256,
    }
    return PhoneIssuanceRequest.model_validate(fields | changes)


def test_round_trip_and_the_signed_bytes_leave_out_only_the_signature() -> None:
    original = request()
    again = PhoneIssuanceRequest.decode(original.encode())
    assert again == original
    assert json.loads(original.encode())["card_certificate"] == "MIIBAGNhcmQ="  # base64
    signed = original.signed_bytes()
    assert signed.startswith(f"{REQUEST_FORMAT}\n".encode())
    assert signed == request(signature=b"\x02").signed_bytes()
    assert signed != request(nonce="cd" * 16).signed_bytes()
    assert signed != request(resident_id="R000002").signed_bytes()


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"[]",
        b"{}",
        json.dumps({**json.loads(request().encode()), "nonce": "XYZ"}).encode(),
        json.dumps({**json.loads(request().encode()), "card_certificate": "%%%"}).encode(),
        json.dumps(
            {**json.loads(request().encode()), "requested_at": "2026-11-23T03:00:00"}
        ).encode(),
    ],
)
def test_malformed_requests_are_refused_with_a_clear_reason(body: bytes) -> None:
    with pytest.raises(MalformedField, match="not a phone issuance request"):
        PhoneIssuanceRequest.decode(body)


@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_refused(raw: bytes) -> None:
    with contextlib.suppress(MalformedField):
        PhoneIssuanceRequest.decode(raw)


@given(
    st.dictionaries(
        st.sampled_from(list(PhoneIssuanceRequest.model_fields)),
        st.one_of(st.none(), st.integers(), st.text(max_size=40), st.lists(st.integers())),
    )
)
def test_any_json_object_decodes_or_is_refused(fields: dict[str, object]) -> None:
    with contextlib.suppress(MalformedField):
        PhoneIssuanceRequest.decode(json.dumps(fields))


def test_every_refusal_has_words_in_both_languages() -> None:
    for code in PhoneRefusal:
        english, japanese = code.message.split(" / ")
        assert english
        assert japanese
