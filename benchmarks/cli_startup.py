"""Wall time to start the `jpki` command, next to `python -c pass` measured in the same run.

`jpki --help` and commands that need none of the heavy libraries (FastAPI, SQLAlchemy,
pyHanko, the parties' services) must answer in under 0.5 s: the command imports those only
inside the commands that use them. Each figure is the median of N runs.

    python benchmarks/cli_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from common import report

COMMANDS = {
    "jpki --help": ["--help"],
    "jpki client --help": ["client", "--help"],
    "jpki mynumber validate": ["mynumber", "validate", "123456789018"],
    "jpki verify cert (missing file)": ["verify", "cert", "missing.pem", "--trust", "missing"],
}
"""Light commands: help screens, a number check, a mistake reported before any work."""


def wall_time(arguments: list[str], runs: int) -> float:
    """Median seconds from starting `python ARGUMENTS` to its exit."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, *arguments], capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    baseline = wall_time(["-c", "pass"], runs)
    for name, arguments in COMMANDS.items():
        ours = wall_time(["-m", "jpki.cli", *arguments], runs)
        report(name, ours, baseline, "s", "under 0.5 s")


if __name__ == "__main__":
    main()
