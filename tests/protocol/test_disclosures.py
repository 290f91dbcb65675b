"""The disclosure record as it would travel over HTTP: JSON both ways, frozen, the 不開示 hold,
the holder's certificate in base64, and words in both languages for every party and kind."""

from __future__ import annotations

import datetime as dt

import pydantic
import pytest

from jpki.protocol.disclosures import (
    ITEMS,
    Disclosure,
    Kind,
    Outcome,
    Party,
    VerifiedHolder,
    item_label,
)

AT = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC)


def test_a_disclosure_travels_as_json_and_cannot_be_changed():
    given = Disclosure(
        party=Party.PLATFORM, recipient="デモ銀行", recipient_id="demo-bank", kind=Kind.FOUR_INFO,
        items=("name", "address"), at=AT, purpose="registration", consent="R1",
    )  # fmt: skip
    assert Disclosure.model_validate_json(given.model_dump_json()) == given
    assert given.outcome is Outcome.GIVEN
    with pytest.raises(pydantic.ValidationError):
        given.recipient = "someone else"  # type: ignore[misc]


def test_a_held_record_is_visible_only_once_its_hold_ends():
    held = Disclosure(
        party=Party.NETWORK, recipient="全国健康保険協会", recipient_id="insurer-kyokai",
        kind=Kind.PROVISION, items=(), at=AT, held_until=AT + dt.timedelta(days=365),
    )  # fmt: skip
    assert not held.visible_at(AT + dt.timedelta(days=364))
    assert held.visible_at(AT + dt.timedelta(days=365))


def test_the_holder_travels_with_its_certificate_in_base64():
    holder = VerifiedHolder(certificate=b"\x30\x82\x01", serial=7)
    assert holder.model_dump(mode="json")["certificate"] == "MIIB"
    assert VerifiedHolder.model_validate_json(holder.model_dump_json()) == holder


def test_every_party_kind_and_item_has_both_languages():
    for labelled in (*Party, *Kind):
        assert set(labelled.label) == {"en", "ja"}
    assert all(set(label) == {"en", "ja"} for label in ITEMS.values())
    assert item_label("name", "ja") == "氏名"
    assert item_label("住民税 / resident tax", "en") == "住民税 / resident tax"  # as spelled
