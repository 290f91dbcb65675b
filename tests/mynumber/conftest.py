"""A numbering system of five agencies with one resident enrolled at three of them, and the
platform world of the platform tests (for the moving one-stop)."""

from __future__ import annotations

import datetime as dt

import pytest

from jpki.clock import ManualClock
from jpki.mynumber.network import AgencySpec, Network
from platform_tests.test_linkage import world  # noqa: F401  (a fixture for the moving test)

AGENCIES = [
    AgencySpec("city-chiyoda", "千代田区", "municipality"),
    AgencySpec("city-yokohama", "横浜市", "municipality"),
    AgencySpec("tax-kojimachi", "麹町税務署", "tax-office"),
    AgencySpec("pension-chiyoda", "千代田年金事務所", "pension-office"),
    AgencySpec("insurer-kyokai", "全国健康保険協会", "health-insurer"),
]
RESIDENT = "R0000000001"


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
