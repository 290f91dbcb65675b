"""A numbering system of five agencies with one resident enrolled at three of them."""

from __future__ import annotations

import datetime as dt

import pytest

from jpki.clock import ManualClock
from jpki.mynumber.network import Network
from tests.mynumber.agencies import AGENCIES, RESIDENT


@pytest.fixture
def network(tmp_path):
    clock = ManualClock(dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC))
    numbering = Network.create(tmp_path, clock, AGENCIES)
    numbering.numbering.assign(RESIDENT)
    numbering.enrol("city-chiyoda", "A-1001", RESIDENT)
    numbering.enrol("insurer-kyokai", "H-77", RESIDENT)
    numbering.enrol("pension-chiyoda", "P-5", RESIDENT)
    numbering.interface("city-chiyoda").intermediate.store(
        "A-1001", "resident-tax", {"taxable_income": 4200000}
    )
    numbering.interface("city-chiyoda").intermediate.store(
        "A-1001", "resident-record", {"household": 3}
    )
    yield numbering
    numbering.close()
