"""The HPKI profile's codecs: the hcRole attribute and the e-prescription document."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.protocol.hpki import (
    HC_ROLE_OID,
    MalformedHpki,
    Medicine,
    Prescription,
    Qualification,
    hc_role_extension,
    parse_hc_role,
    parse_prescription,
)
from tests.openssl_cli import openssl


@pytest.mark.parametrize("qualification", list(Qualification))
def test_the_hc_role_round_trips_and_openssl_reads_its_oid(
    qualification: Qualification, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    value = hc_role_extension(qualification).value
    assert parse_hc_role(value) is qualification
    (tmp_path / "v.der").write_bytes(value)
    parsed = openssl("asn1parse", "-inform", "DER", "-in", tmp_path / "v.der", check=True).stdout
    assert HC_ROLE_OID in parsed
    assert qualification.value in parsed


@given(st.binary(max_size=200))
def test_any_bytes_are_an_hc_role_or_malformed(value: bytes) -> None:
    with contextlib.suppress(MalformedHpki):
        assert parse_hc_role(value) in set(Qualification)


@given(st.sampled_from(list(Qualification)), st.integers(0, 60), st.integers(1, 255))
def test_a_changed_hc_role_byte_is_malformed_or_another_qualification(
    qualification: Qualification, position: int, flip: int
) -> None:
    value = hc_role_extension(qualification).value
    position %= len(value)
    damaged = value[:position] + bytes([value[position] ^ flip]) + value[position + 1 :]
    with contextlib.suppress(MalformedHpki):
        assert parse_hc_role(damaged) is not qualification


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
prescriptions = st.builds(
    Prescription,
    access_code=st.from_regex(r"\A[0-9A-F]{16}\Z"),
    clinic=st.from_regex(r"\A[0-9]{10}\Z"),
    issued_at=st.datetimes(timezones=st.just(dt.UTC)),
    patient_name=names,
    patient_birth_date=st.none() | st.dates(),
    insured_number=st.text(max_size=32),
    medicines=st.lists(
        st.builds(Medicine, name=names, dose=names, days=st.integers(1, 365)),
        min_size=1,
        max_size=3,
    ).map(tuple),
)


@given(prescriptions)
def test_a_prescription_round_trips_through_its_canonical_content(
    prescription: Prescription,
) -> None:
    assert parse_prescription(prescription.content()) == prescription


@given(st.binary(max_size=300))
def test_any_bytes_are_a_prescription_or_malformed(content: bytes) -> None:
    with contextlib.suppress(MalformedHpki):
        parse_prescription(content)


@given(prescriptions)
def test_a_non_canonical_encoding_is_refused(prescription: Prescription) -> None:
    spaced = json.dumps(json.loads(prescription.content()), indent=1, ensure_ascii=False).encode()
    with pytest.raises(MalformedHpki):
        parse_prescription(spaced)


def test_a_prescription_without_a_time_zone_is_refused() -> None:
    data = {
        "access_code": "0123456789ABCDEF", "clinic": "1312345678", "insured_number": "",
        "issued_at": "2026-11-23T12:00:00", "kind": "jpki-e-prescription/1",
        "medicines": [{"days": 1, "dose": "1", "name": "x"}], "patient_birth_date": None,
        "patient_name": "x",
    }  # fmt: skip
    content = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    with pytest.raises(MalformedHpki):
        parse_prescription(content)
    aware = content.replace(b"12:00:00", b"12:00:00Z")
    assert parse_prescription(aware).issued_at.tzinfo is not None
