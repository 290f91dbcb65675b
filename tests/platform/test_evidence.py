"""The evidence log: a chain anyone can check offline, and every way of tampering it caught."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jpki.platform.evidence import (
    GENESIS,
    EvidenceChain,
    export_lines,
    receipt_number,
    verify_export,
)
from jpki.platform.tsa import TsaKeys, timestamp_request, token_of


@pytest.fixture
def roots(tsa_folder):
    return [TsaKeys.load(tsa_folder).root]


@pytest.fixture
def exported(tsa, clock) -> list[str]:
    """Five records, a seal, two more records, a seal, one unsealed record."""
    chain = EvidenceChain(clock)

    def stamp(digest: bytes) -> bytes:
        return token_of(tsa.respond(timestamp_request(digest)))

    items = []
    for number in range(8):
        clock.advance(dt.timedelta(seconds=30))
        items.append(
            chain.append(
                f"sp-{number % 2}",
                "authentication",
                {"status": "valid", "serial": str(1000 + number), "氏名": "試験　太郎"},
            )
        )
        if number in (4, 6):
            items.append(chain.seal(stamp))
    return list(export_lines(items))


def test_an_untouched_export_verifies(exported, roots):
    report = verify_export(exported, roots)
    assert report.valid, report.problems
    assert (report.records, report.checkpoints, report.sealed_through, report.unsealed) == (
        8,
        2,
        7,
        1,
    )
    first = json.loads(exported[0])
    assert first["previous"] == GENESIS
    assert first["receipt"] == "20261123-0000000001"


def _edit(lines: list[str], index: int, **changes: object) -> list[str]:
    data = json.loads(lines[index])
    data.update(changes)
    return [*lines[:index], json.dumps(data, ensure_ascii=False), *lines[index + 1 :]]


def test_an_edited_payload_is_caught(exported, roots):
    report = verify_export(_edit(exported, 2, payload={"status": "revoked"}), roots)
    assert not report.valid
    assert "altered" in report.problems[0]


def test_removed_and_reordered_records_are_caught(exported, roots):
    assert not verify_export(exported[:2] + exported[3:], roots).valid
    swapped = [exported[1], exported[0], *exported[2:]]
    assert "gap or reordering" in verify_export(swapped, roots).problems[0]


def test_a_rewritten_chain_fails_its_seal(exported, roots, clock):
    """Recomputing every digest after an edit gives a consistent chain, but not the sealed head."""
    records = [json.loads(line) for line in exported if json.loads(line)["type"] == "record"]
    forged = EvidenceChain(clock)
    lines = []
    for index, record in enumerate(records):
        payload = {"status": "revoked"} if index == 1 else record["payload"]
        lines.append(json.dumps(forged.append(record["tenant"], record["kind"], payload).to_json()))
    seals = [line for line in exported if json.loads(line)["type"] == "checkpoint"]
    report = verify_export([*lines[:5], seals[0]], roots)
    assert not report.valid
    assert "names another chain head" in report.problems[0]


def test_a_forged_seal_is_caught(exported, roots):
    index = next(i for i, line in enumerate(exported) if json.loads(line)["type"] == "checkpoint")
    token = bytearray(base64.b64decode(json.loads(exported[index])["token"]))
    token[-3] ^= 0xFF
    report = verify_export(_edit(exported, index, token=base64.b64encode(token).decode()), roots)
    assert not report.valid
    assert "does not verify" in report.problems[0]


def test_receipt_numbers_use_the_japanese_date():
    late_evening_utc = dt.datetime(2026, 11, 23, 16, 0, tzinfo=dt.UTC)  # 01:00 on the 24th in Japan
    assert receipt_number(late_evening_utc, 42) == "20261124-0000000042"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=5))
def test_malformed_exports_are_reported_never_raised(lines):
    report = verify_export(lines, [])
    assert not report.valid or not lines
