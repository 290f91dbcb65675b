"""Provisions per second through the information provision network, vs bare log inserts.

One provision is everything the issue names: the requester's interface system checks the
whitelist and seals a signed, encrypted query; the core opens it, checks the whitelist, maps
the code through the linkage code and forwards it sealed to the provider's interface system,
which checks again, asks its intermediate server and answers sealed; the core relays; the
requester opens the answer; requester, core and provider each append a signed, hash-chained
record (three log writes). SQLite with synchronous=FULL, in one process, as the sandbox runs.

Baseline: the same number of bare database inserts of the log rows (three per provision, one
transaction each, prebuilt Core statement, same database and durability).

    python benchmarks/provision_network.py [--provisions 500]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from common import report
from jpki.clock import SystemClock
from jpki.mynumber.network import AgencySpec, Network
from jpki.mynumber.store.models import LogRecordRow

AGENCIES = [
    AgencySpec("city", "千代田区", "municipality"),
    AgencySpec("insurer", "全国健康保険協会", "health-insurer"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--provisions", type=int, default=500)
    parser.add_argument("--people", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        network = Network.create(Path(folder), SystemClock(), AGENCIES)
        for n in range(args.people):
            resident = f"R{n:06d}"
            network.enrol("city", f"A{n}", resident)
            network.enrol("insurer", f"H{n}", resident)
            network.interface("city").intermediate.store(
                f"A{n}", "resident-tax", {"taxable_income_yen": n * 10_000}
            )
        started = time.perf_counter()
        for n in range(args.provisions):
            got = network.request(
                "insurer", "health-insurance-dependants", "city", f"H{n % args.people}",
                ["resident-tax"],
            )  # fmt: skip
            if got.outcome != "provided":
                raise AssertionError(got)
        ours = args.provisions / (time.perf_counter() - started)
        statement = insert(LogRecordRow)
        now = dt.datetime.now(dt.UTC)
        row = {"party": "bench", "exchange_id": "x", "person": "p", "recorded_at": now,
               "keep_until": now, "record_json": "{}" * 150, "previous_hash": "0" * 64,
               "hash": "0" * 64, "signature": "s" * 96}  # fmt: skip
        started = time.perf_counter()
        for seq in range(3 * args.provisions):
            with network.database.transaction() as session:
                session.execute(statement, {**row, "seq": seq})
        baseline = args.provisions / (time.perf_counter() - started)
        network.close()
    report("provisions end to end (SQLite)", ours, baseline, "provisions/s", "report")


if __name__ == "__main__":
    main()
