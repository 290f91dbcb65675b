"""National scale (issue 26), slow: deselected by default (`-m slow` runs it, for hours).

The platform on PostgreSQL with 10,000,000 linked customers and a 20,000,000-entry revocation
index in every worker, logins through HAProxy at 1 and 2 workers (benchmarks/workers_logins.py),
and the batch status check of 1,000,000 of them on PostgreSQL
(benchmarks/platform_status_batch.py). The figures go to the README by hand; these runs only
check that both complete at that scale.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=BENCHMARKS, capture_output=True, text=True,
        check=False, timeout=6 * 3600,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(BENCHMARKS)])},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_logins_with_ten_million_customers_and_twenty_million_revoked() -> None:
    out = _run("workers_logins.py", "--customers", "10000000", "--revoked", "20000000")
    assert "2 worker(s), PostgreSQL" in out


@pytest.mark.slow
def test_status_check_of_a_million_customers_on_postgresql() -> None:
    out = _run("platform_status_batch.py", "--customers", "1000000", "--postgres")
    assert "(PostgreSQL)" in out
