#!/usr/bin/env bash
# Run pytest with the machine's date moved by OFFSET (libfaketime's syntax: +2y, +365d, -1d),
# to prove that no test depends on the date it runs:
#   bash scripts/test-dated.sh +5y                      # the whole suite, five years ahead
#   bash scripts/test-dated.sh +2y tests/authority      # some modules
# Needs what scripts/test.sh installs (it calls this for the date-sensitive modules).
# Only the wall clock moves (FAKETIME_DONT_FAKE_MONOTONIC=1): Debian 12's libfaketime does not
# intercept sem_clockwait, so a faked monotonic clock makes timed waits sleep for years; and
# tests/faketime/sitecustomize.py routes Python's time.sleep around its clock_nanosleep bug.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OFFSET="$1"
shift
cd "$ROOT"
echo "== pytest, the date moved $OFFSET ($(FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$OFFSET" date -u +%F))"
FAKETIME_DONT_FAKE_MONOTONIC=1 PYTHONPATH="$ROOT/tests/faketime" \
    faketime -f "$OFFSET" "$ROOT/.venv/bin/python" -m pytest -q -m "not slow and not fuzz" -n 2 --dist loadfile \
    -p no:cacheprovider "$@"
