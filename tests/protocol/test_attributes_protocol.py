"""The attribute certificates' protocol values: the holder URN and the attribute URN parse
only what they write (hypothesis: any other string is a ValueError, never another exception),
and the authority's messages round-trip through their JSON."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from jpki.protocol.attributes import (
    AttributeCheck,
    AttributeKind,
    AttributeRequest,
    AttributeStatus,
    HolderName,
    IssuanceRefused,
    IssuanceResult,
    Issued,
)

TENANTS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,62}", fullmatch=True)
IDS = st.from_regex(r"[a-z2-7]{26}", fullmatch=True)


@given(TENANTS, IDS)
def test_holder_urn_round_trip(tenant: str, user_id: str) -> None:
    holder = HolderName(tenant=tenant, user_id=user_id)
    assert HolderName.of_urn(holder.urn) == holder


@given(st.text(max_size=120))
def test_any_other_text_is_not_a_holder(text: str) -> None:
    try:
        holder = HolderName.of_urn(text)
    except ValueError:
        return
    assert holder.urn == text  # only what the codec itself writes parses


@pytest.mark.parametrize(
    "urn",
    [
        "urn:jpki:holder:aa:ABCDEFGHIJKLMNOPQRSTUVWXYZ",  # upper case
        "urn:jpki:holder:aa:abcdefghijklmnopqrstuvwxy",  # 25 characters
        "urn:jpki:holder:aa:abcdefghijklmnopqrstuvwxyz\n",
        "urn:jpki:holder::abcdefghijklmnopqrstuvwxyz",
        "urn:jpki:holder:aa:123456789012",  # a My Number's shape
    ],
)
def test_holder_urns_refused(urn: str) -> None:
    with pytest.raises(ValueError, match="not a jpki holder URN"):
        HolderName.of_urn(urn)


@given(st.text(max_size=60))
def test_role_urns(text: str) -> None:
    try:
        kind = AttributeKind.of_role(text)
    except ValueError:
        return
    assert kind.role_urn == text


def test_every_kind_and_status_has_both_languages() -> None:
    for kind in AttributeKind:
        assert kind.label_en
        assert kind.label_ja
        assert AttributeKind.of_role(kind.role_urn) is kind
    for status in AttributeStatus:
        en, ja = status.words
        assert en.isascii()
        assert not ja.isascii()


def test_issuance_results_round_trip_and_are_told_apart() -> None:
    at = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)
    issued = Issued(
        issued=True, serial="12", certificate="AA==", holder="urn:jpki:holder:aa:" + "a" * 26,
        kind=AttributeKind.GRADUATION, not_before=at, not_after=at, receipt="20261123-0000000001",
    )  # fmt: skip
    refused = IssuanceRefused(issued=False, error="bad-signature", message="no")
    adapter: TypeAdapter[IssuanceResult] = TypeAdapter(IssuanceResult)
    assert adapter.validate_json(adapter.dump_json(issued)) == issued
    assert adapter.validate_python(refused.to_wire()) == refused
    check = AttributeCheck(
        status=AttributeStatus.MALFORMED, valid=False, message_en="x", message_ja="y",
        checked_at=at,
    )  # fmt: skip
    assert set(check.to_wire()) == {"status", "valid", "message_en", "message_ja", "checked_at"}


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "wizard"},
        {"kind": "doctor", "details": {"Bad Key": "x"}},
        {"kind": "doctor", "details": {"k": ""}},
        {"kind": "doctor", "details": {f"k{n}": "v" for n in range(9)}},
        {"kind": "doctor", "valid_days": 0},
        {"kind": "doctor", "extra": 1},
    ],
)
def test_attribute_requests_refused(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        AttributeRequest.model_validate(body)
