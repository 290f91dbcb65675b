"""The information provision network: whitelisted exchanges provided and logged by all three
parties, everything else refused and logged, unlinkable codes, sealed replay-proof messages,
tamper-evident logs, number changes and health IDs."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from jpki.mynumber.directory import CORE
from jpki.mynumber.errors import BadMessage, ConsentMissing, NotOnWhitelist, UnknownPerson
from jpki.mynumber.messages import PartyKeys, open_sealed, seal
from jpki.mynumber.store.models import LogRecordRow
from jpki.profile.numbers import is_valid_my_number
from tests.mynumber.agencies import RESIDENT


def test_a_whitelisted_exchange_is_provided_and_logged_three_times(network):
    got = network.request("insurer-kyokai", "health-insurance-dependants", "city-chiyoda", "H-77",
                          ["resident-tax"])  # fmt: skip
    assert got.outcome == "provided"
    assert got.data == {"resident-tax": {"taxable_income": 4200000}}
    records = network.log.of_exchange(got.exchange_id)
    assert set(records) == {"insurer-kyokai", CORE, "city-chiyoda"}
    assert {r.outcome for r in records.values()} == {"provided"}
    assert {r.task for r in records.values()} == {"health-insurance-dependants"}
    persons = {party: r.person for party, r in records.items()}
    assert len(set(persons.values())) == 3  # each party keys the person its own way
    assert "resident-record" not in got.data  # only what was asked


def test_exchanges_off_the_whitelist_are_refused_and_logged(network):
    with pytest.raises(NotOnWhitelist, match="may not ask"):
        network.request("city-chiyoda", "health-insurance-dependants", "insurer-kyokai", "A-1001",
                        ["health-insurance"])  # fmt: skip
    with pytest.raises(NotOnWhitelist, match="not provided"):
        network.request("insurer-kyokai", "health-insurance-dependants", "city-chiyoda", "H-77",
                        ["pension-benefit"])  # fmt: skip
    with pytest.raises(NotOnWhitelist, match="not in the law"):
        network.request("insurer-kyokai", "curiosity", "city-chiyoda", "H-77", ["resident-tax"])
    code = network.interface("insurer-kyokai").code_of("H-77")
    refused = network.log.of_person("insurer-kyokai", code)
    assert [r.outcome for r in refused] == ["refused"] * 2


def test_the_core_refuses_what_a_rogue_interface_sends(network):
    """An agency whose interface skipped the whitelist still cannot get data: the core checks."""
    insurer = network.interface("insurer-kyokai")
    query = seal(insurer.keys, network.directory.keys_of(CORE), "query",
                 {"exchange_id": "x1", "task": "child-allowance", "provider": "city-chiyoda",
                  "code": insurer.code_of("H-77"), "items": ["resident-tax"]},
                 network.clock.now())  # fmt: skip
    answer = network.to_core(query)
    opened = open_sealed(insurer.keys, answer, network.directory.keys_of, network.clock.now(),
                         lambda *_: True)  # fmt: skip
    assert opened.body["outcome"] == "refused"
    assert opened.body["code"] == "not-on-whitelist"
    assert "data" not in opened.body
    core_records = network.log.of_exchange("x1")
    assert core_records[CORE].outcome == "refused"
    assert "city-chiyoda" not in core_records  # never asked


def test_codes_differ_per_agency_and_survive_a_number_change(network):
    codes = {a: network.interface(a).code_of(n) for a, n in
             (("city-chiyoda", "A-1001"), ("insurer-kyokai", "H-77"), ("pension-chiyoda", "P-5"))}  # fmt: skip
    assert len(set(codes.values())) == 3
    number = network.numbering.number_of(RESIDENT)
    assert all(number not in c for c in codes.values())
    new = network.numbering.change(RESIDENT, "leaked / 漏えい")
    assert new != number
    assert is_valid_my_number(new)
    with pytest.raises(UnknownPerson, match="no longer in use"):
        network.numbering.resident_of(number)
    assert network.numbering.resident_of(new) == RESIDENT
    assert network.core.issue_code("city-chiyoda", RESIDENT) == codes["city-chiyoda"]
    got = network.request("insurer-kyokai", "health-insurance-dependants", "city-chiyoda", "H-77",
                          ["resident-tax"])  # fmt: skip
    assert got.outcome == "provided"


def test_messages_are_sealed_signed_and_replay_proof(network):
    city, core = network.interface("city-chiyoda"), network.core
    body = {"exchange_id": "e1", "requester": "insurer-kyokai", "task": "health-insurance-dependants",
            "code": city.code_of("A-1001"), "items": ["resident-tax"]}  # fmt: skip
    sealed = seal(
        core.keys, network.directory.keys_of("city-chiyoda"), "query", body, network.clock.now()
    )
    city.answer(sealed)
    with pytest.raises(BadMessage, match="replay"):
        city.answer(sealed)
    tampered = bytearray(
        seal(
            core.keys, network.directory.keys_of("city-chiyoda"), "query", body, network.clock.now()
        )
    )
    tampered[-10] ^= 1
    with pytest.raises(BadMessage):
        city.answer(bytes(tampered))
    impostor = PartyKeys.generate(CORE)  # not the core's registered keys
    forged = seal(
        impostor, network.directory.keys_of("city-chiyoda"), "query", body, network.clock.now()
    )
    with pytest.raises(BadMessage, match="signature"):
        city.answer(forged)
    stale = seal(core.keys, network.directory.keys_of("city-chiyoda"), "query", body,
                 network.clock.now() - dt.timedelta(minutes=10))  # fmt: skip
    with pytest.raises(BadMessage, match="stale"):
        city.answer(stale)
    for garbage in (b"", b"{}", b"[1]", b'{"to": "city-chiyoda", "from": "core"}', b"\xff"):
        with pytest.raises(BadMessage):
            city.answer(garbage)
    from_agency = seal(network.interface("insurer-kyokai").keys,
                       network.directory.keys_of("city-chiyoda"), "query", body, network.clock.now())  # fmt: skip
    with pytest.raises(BadMessage, match="only the core"):
        city.answer(from_agency)


def test_logs_are_tamper_evident(network):
    for _ in range(3):
        network.request("insurer-kyokai", "health-insurance-dependants", "city-chiyoda", "H-77",
                        ["resident-tax"])  # fmt: skip
    core_keys = network.directory.keys_of(CORE)
    assert network.log.verify(core_keys) == []
    with network.database.transaction() as session:
        session.execute(
            update(LogRecordRow)
            .where(LogRecordRow.party == CORE, LogRecordRow.seq == 2)
            .values(record_json=LogRecordRow.record_json + " ")
        )
    problems = network.log.verify(core_keys)
    assert any("record 2" in p for p in problems)
    assert network.log.verify(network.directory.keys_of("city-chiyoda")) == []


def test_withheld_records_are_flagged(network):
    got = network.request(
        "insurer-kyokai", "fraud-investigation", "city-chiyoda", "H-77", ["resident-tax"]
    )
    records = network.log.of_exchange(got.exchange_id)
    assert all(r.withheld for r in records.values())


def test_health_ids_link_only_with_consent(network):
    code = network.interface("insurer-kyokai").code_of("H-77")
    key_id = network.health.key_id(code)
    ids = {p: network.health.purpose_id(key_id, p) for p in ("qualification", "disease-database")}
    assert len(set(ids.values())) == 2
    assert key_id not in ids.values()
    with pytest.raises(ConsentMissing):
        network.health.link(key_id, "qualification", "disease-database")
    network.health.consent(key_id, "disease-database", "qualification")
    assert network.health.link(key_id, "qualification", "disease-database") == (
        ids["qualification"], ids["disease-database"])  # fmt: skip
    network.health.withdraw(key_id, "qualification", "disease-database")
    with pytest.raises(ConsentMissing):
        network.health.link(key_id, "qualification", "disease-database")


def test_no_record_is_answered_as_such(network):
    network.enrol("insurer-kyokai", "H-78", "R0000000002")
    network.numbering.assign("R0000000002")
    got = network.request("insurer-kyokai", "health-insurance-dependants", "city-chiyoda", "H-78",
                          ["resident-tax"])  # fmt: skip
    assert got.outcome == "no-record"
    assert got.data == {}


def test_numbers_are_unique_and_never_reused(network):
    numbers = {network.numbering.assign(f"R{n:010d}") for n in range(2, 300)}
    assert len(numbers) == 298
    assert all(is_valid_my_number(n) and n[0] != "0" for n in numbers)
    old = network.numbering.number_of("R0000000002")
    network.numbering.change("R0000000002", "leaked")
    with pytest.raises(Exception, match="already numbered"):
        network.numbering.adopt("R9999999999", old)
