#!/usr/bin/env bash
# Install everything the tests need (openssl, PostgreSQL, the Python test tools) and run the
# whole suite: lint, architecture contracts, unit and end-to-end tests. Never prompts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_debian_packages openssl ca-certificates postgresql procps
ensure_venv "[test]"
cd "$ROOT"
echo "== ruff"
"$VENV/bin/ruff" check src tests benchmarks
"$VENV/bin/ruff" format --check src tests benchmarks
echo "== mypy"
"$VENV/bin/mypy"
echo "== import contracts"
"$VENV/bin/lint-imports"
echo "== pytest"
"$VENV/bin/python" -m pytest -q -m "not slow" -n 2 "$@"
