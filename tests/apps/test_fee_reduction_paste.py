"""What an applicant pastes at the nursery-fee desk: PEM or bare base64 gives the DER back,
anything else is None (hypothesis: never an exception), so the desk refuses it in words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jpki.apps.fee_reduction.service import der_of, pem_of


@given(st.binary(min_size=1, max_size=400))
def test_pem_and_base64_round_trip(der: bytes) -> None:
    import base64

    assert der_of(pem_of(der)) == der
    assert der_of(base64.b64encode(der).decode()) == der
    assert der_of("\n  " + pem_of(der).replace("\n", "\r\n") + "  \n") == der


@given(st.text(max_size=300))
def test_anything_pasted_is_bytes_or_none(text: str) -> None:
    found = der_of(text)
    assert found is None or isinstance(found, bytes)


def test_not_a_certificate() -> None:
    assert der_of("not a certificate") is None
    assert der_of("") is None
    assert (
        der_of("-----BEGIN ATTRIBUTE CERTIFICATE-----\n!!\n-----END ATTRIBUTE CERTIFICATE-----")
        is None
    )
